import type { Certainty } from "../schemas/plan";
import { editDistance, isSwap } from "./edit-distance";
import { headerWords, type HeaderWords } from "./normalize";
import { conceptOf } from "./synonyms";

/** A column or field as the matcher sees it: its key and, when it has one, the label people read. */
export type NamedField = { key: string; label?: string };

/** Why two fields were paired; written to the edge's `metadata.source`. */
export type MatchReason = "exact" | "synonym" | "near-exact" | "similar" | "token-overlap";

export type FieldMatch = {
  /** 0..1, comparable across pairs: the assignment takes the highest first. Written as `metadata.confidence`. */
  score: number;
  certainty: Certainty;
  reason: MatchReason;
};

/** One name of a field, read once: a sheet of n columns and m fields reads n + m names, and pairs them n * m times. */
type NameProfile = {
  compact: string;
  /** The digit runs, joined: "" when the name has none. */
  digits: string;
  words: Set<string>;
  /** Sum of the words' weights. */
  weight: number;
  /** The name's words from `ABOUT_WORDS`, sorted and joined. */
  about: string;
};

export type FieldProfile = { names: NameProfile[]; concepts: Set<string> };

export function profileField(field: NamedField): FieldProfile {
  const names = new Map<string, NameProfile>();
  for (const name of [field.key, field.label]) {
    if (name === undefined) continue;
    const read = headerWords(name);
    // A key is often its label in another case ("first_name", "First Name"): one reading is enough.
    if (read.compact !== "" && !names.has(read.compact)) names.set(read.compact, profileName(read));
  }
  const concepts = new Set<string>();
  for (const compact of names.keys()) {
    const concept = conceptOf(compact);
    if (concept) concepts.add(concept);
  }
  return { names: [...names.values()], concepts };
}

function profileName({ compact, digits, words }: HeaderWords): NameProfile {
  const unique = new Set(words);
  let weight = 0;
  for (const word of unique) weight += wordWeight(word);
  const about = [...unique].filter((word) => ABOUT_WORDS.has(word)).sort();
  return { compact, digits: digits.join(" "), words: unique, weight, about: about.join(" ") };
}

/** How well a source column fits a destination field, or undefined when they should not be paired at all. */
export function scoreFieldMatch(source: NamedField, destination: NamedField): FieldMatch | undefined {
  return scoreProfiles(profileField(source), profileField(destination));
}

export function scoreProfiles(source: FieldProfile, destination: FieldProfile): FieldMatch | undefined {
  for (const s of source.names) {
    if (destination.names.some((d) => d.compact === s.compact)) {
      return { score: 1, certainty: "absolute", reason: "exact" };
    }
  }
  if (source.concepts.size > 0 && destination.concepts.size > 0) {
    const shared = [...source.concepts].some((concept) => destination.concepts.has(concept));
    // Two known but different things ("Name" and "First Name") are never paired, however alike they are spelled.
    return shared ? { score: 0.9, certainty: "strong", reason: "synonym" } : undefined;
  }
  let best: FieldMatch | undefined;
  for (const s of source.names) {
    for (const d of destination.names) {
      const match = scoreNames(s, d);
      if (match && (!best || match.score > best.score)) best = match;
    }
  }
  return best;
}

function scoreNames(source: NameProfile, destination: NameProfile): FieldMatch | undefined {
  // "Address 1" and "Address 2", "Phone 1" and "Phone 2" differ in exactly the part that matters.
  const bothNumbered = source.digits !== "" && destination.digits !== "";
  if (bothNumbered && source.digits !== destination.digits) return undefined;
  const match = typoMatch(source.compact, destination.compact) ?? wordOverlap(source, destination);
  // "Telephone 2" may well be the telephone column, but not with the confidence of "Telephone".
  if (match?.certainty === "strong" && source.digits !== destination.digits) {
    return { score: 0.7, certainty: "moderate", reason: "similar" };
  }
  return match;
}

/**
 * One slip of the keyboard ("Frist Name", "Emial", "Adress"). Short words are left alone: one letter is all that
 * separates "State" from "Stage" or "Title" from "Tile", and a swap of neighbours is the only typo trusted below six.
 */
function typoMatch(a: string, b: string): FieldMatch | undefined {
  const shorter = Math.min(a.length, b.length);
  const distance = editDistance(a, b, 2);
  const swap = distance === 1 && isSwap(a, b);
  if (distance === 1 && (shorter >= 8 || (swap && shorter >= 6))) {
    return { score: 0.85, certainty: "strong", reason: "near-exact" };
  }
  if ((distance === 1 && (shorter >= 6 || (swap && shorter >= 4))) || (distance === 2 && shorter >= 10)) {
    return { score: 0.7, certainty: "moderate", reason: "similar" };
  }
  return undefined;
}

/** Words that say what kind of value a column holds, not which one: they count for less in an overlap. */
const GENERIC_WORDS = new Set([
  "name",
  "number",
  "id",
  "code",
  "type",
  "date",
  "value",
  "info",
  "data",
  "detail",
  "text",
  "field",
  "line",
]);

/**
 * Words that turn a column into one about the thing rather than the thing: "Phone Type" is not a phone number, nor
 * "Email Status" an email. Two names whose sets of these differ do not match by shared words, and sharing only these
 * ("Email Status" and "Status") is no match either.
 */
const ABOUT_WORDS = new Set([
  "type",
  "kind",
  "id",
  "status",
  "count",
  "date",
  "time",
  "flag",
  "source",
  "score",
  "format",
  "category",
  "verified",
  "valid",
  "opt",
  "consent",
  "domain",
  "owner",
  "length",
  "ext",
  "extension",
]);

const wordWeight = (word: string) =>
  GENERIC_WORDS.has(word) || ABOUT_WORDS.has(word) || /^\d+$/.test(word) ? 0.4 : 1;

/**
 * Shared words, weighted (Dice coefficient): "Work Phone" and "Phone" share most of their meaning, "First Name" and
 * "Last Name" share only the generic "name" and do not match. A weaker overlap still counts as `weak` when one name is
 * wholly inside the other ("Home Street Address" and "Street Address"), never when only generic words are shared.
 */
function wordOverlap(source: NameProfile, destination: NameProfile): FieldMatch | undefined {
  const [fewer, more] =
    source.words.size <= destination.words.size
      ? [source.words, destination.words]
      : [destination.words, source.words];
  let sharedWeight = 0;
  let sharedCount = 0;
  let meaningful = false;
  for (const word of fewer) {
    if (!more.has(word)) continue;
    const weight = wordWeight(word);
    sharedWeight += weight;
    sharedCount += 1;
    if (weight === 1) meaningful = true;
  }
  if (!meaningful || source.about !== destination.about) return undefined;
  const similarity = (2 * sharedWeight) / (source.weight + destination.weight);
  if (similarity >= 0.65) {
    return { score: 0.55 + 0.15 * similarity, certainty: "moderate", reason: "token-overlap" };
  }
  if (sharedCount === fewer.size && similarity >= 0.4) {
    return { score: 0.4 + 0.2 * similarity, certainty: "weak", reason: "token-overlap" };
  }
  return undefined;
}
