/**
 * Event matching as `@flatfile/listener` does it: topics are globs with ":" between segments
 * ("**" spans any number of segments, "*" stays inside one), and filter objects are matched against the event
 * flattened to dot paths, where a key with no "." or "*" matches at any depth.
 */

const segmentCache = new Map<string, RegExp>();

function segmentRegExp(segment: string): RegExp {
  let regex = segmentCache.get(segment);
  if (!regex) {
    const source = [...segment]
      .map((char) => (char === "*" ? ".*" : char === "?" ? "." : char.replace(/[\\^$.+()[\]{}|-]/, "\\$&")))
      .join("");
    regex = new RegExp(`^${source}$`, "s");
    segmentCache.set(segment, regex);
  }
  return regex;
}

function matchSegments(
  pattern: readonly string[],
  i: number,
  subject: readonly string[],
  j: number,
): boolean {
  if (i === pattern.length) return j === subject.length;
  const segment = pattern[i] as string;
  if (segment === "**") {
    for (let k = j; k <= subject.length; k++) if (matchSegments(pattern, i + 1, subject, k)) return true;
    return false;
  }
  if (j === subject.length) return false;
  return segmentRegExp(segment).test(subject[j] as string) && matchSegments(pattern, i + 1, subject, j + 1);
}

/** True when `subject` matches the glob `pattern`, whose segments are split by `separator`. */
export function globMatches(pattern: string, subject: string, separator: string): boolean {
  return matchSegments(pattern.split(separator), 0, subject.split(separator), 0);
}

/** True when `topic` (for example "job:ready") matches the glob `pattern` ("**", "job:*", "*:ready"). */
export function topicMatches(pattern: string | readonly string[], topic: string): boolean {
  if (typeof pattern !== "string") return pattern.some((p) => topicMatches(p, topic));
  return globMatches(pattern || "**", topic, ":");
}

/** Flattens nested objects to dot paths; arrays are kept whole, as `flat` does with `safe: true`. */
export function flatten(
  value: unknown,
  prefix = "",
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

export type FilterScalar = string | number | boolean | null;
/** A filter object: `{ job: "workbook:export" }`, `{ sheet: ["contacts", "leads"] }`, `{ "context.spaceId": "us_sp_*" }`. */
export type EventFilter = { readonly [key: string]: FilterScalar | readonly FilterScalar[] | EventFilter };

function valueMatches(actual: unknown, expected: unknown): boolean {
  if (actual === null || actual === undefined) return expected === null;
  if (Array.isArray(actual)) return actual.some((item) => valueMatches(item, expected));
  if (typeof expected === "string") return globMatches(expected, String(actual), ":");
  return actual === expected;
}

/**
 * True when every key of `filter` matches the event: the key (read as "**.key" when it has no "." or "*") selects
 * paths of the flattened event, and one of them must match one of the key's values (strings are globs).
 */
export function filterMatches(filter: EventFilter | undefined, event: object): boolean {
  if (!filter) return true;
  const flatEvent = flatten(event);
  const eventPaths = Object.keys(flatEvent);
  for (const [key, rawExpected] of Object.entries(flatten(filter))) {
    const keyPattern = key.includes("*") || key.includes(".") ? key : `**.${key}`;
    const expected = Array.isArray(rawExpected) ? rawExpected : [rawExpected];
    const matched = eventPaths
      .filter((path) => globMatches(keyPattern, path, "."))
      .some((path) => expected.some((value) => valueMatches(flatEvent[path], value)));
    if (!matched) return false;
  }
  return true;
}
