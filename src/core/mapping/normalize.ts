/**
 * A header or field key reduced to what a person means by it: "E-mail Address", "email_address" and "emailAddress"
 * all become the words ["email", "address"].
 */
export type HeaderWords = {
  /** Lower-case words, singular, abbreviations of "number" spelled out. */
  words: string[];
  /** The words run together ("emailaddress"): punctuation and word breaks do not count. */
  compact: string;
  /** The digit runs of the name, in order ("Address Line 2" -> ["2"]). */
  digits: string[];
};

/** Spellings of "number" in headers ("Phone No", "Account #", "Order Nr"). */
const NUMBER_WORDS = new Set(["no", "num", "nr", "nbr", "number"]);

/** Words that carry no meaning in a header ("Date of Birth" means the same as "Birth Date"). */
const FILLER_WORDS = new Set(["the", "of", "an", "and", "or", "for", "your"]);

export function headerWords(text: string): HeaderWords {
  const words = splitWords(text)
    .filter((word) => !FILLER_WORDS.has(word))
    .map((word) => (NUMBER_WORDS.has(word) ? "number" : singular(word)));
  return { words, compact: words.join(""), digits: words.filter((word) => /^\d+$/.test(word)) };
}

/**
 * Splits on anything that is not a letter or digit, between camelCase humps ("firstName", "HTTPStatus") and between
 * letters and digits ("address2"), after folding accents ("Prénom" -> "prenom").
 */
export function splitWords(text: string): string[] {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .replace(/(\d)([A-Za-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** A light plural rule, enough for headers ("Notes", "Cities", "Addresses"); short words and "-ss" stay as they are. */
function singular(word: string): string {
  if (word.length <= 3 || word.endsWith("ss") || word.endsWith("us") || word.endsWith("is")) return word;
  if (word.endsWith("ies")) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith("s")) return word.slice(0, -1);
  return word;
}
