/**
 * What a job search (`GET /jobs?q=`) matches, defined once so that every store answers alike: a job matches when `q`
 * is its id exactly, or when every word of `q` begins a word of the job's search text (its operation, info,
 * outcome message and the text of its input). A word is a run of letters and digits, lower-cased.
 */

/** At most this many characters of a job's words are searchable: a large input stays cheap to index. */
export const JOB_SEARCH_TEXT_MAX = 4_000;
/** A longer word is cut to this length, on both sides of the match (PostgreSQL limits a lexeme's length). */
export const JOB_SEARCH_WORD_MAX = 64;

// Letters, digits and private-use characters make words, as SQLite's unicode61 tokenizer reads them.
const NOT_WORD = /[^\p{L}\p{N}\p{Co}]+/u;

/** The words of `text`: lower-cased runs of letters and digits, each cut to `JOB_SEARCH_WORD_MAX`. */
export function searchWords(text: string): string[] {
  const words: string[] = [];
  for (const word of text.toLowerCase().split(NOT_WORD)) {
    if (word) words.push(word.slice(0, JOB_SEARCH_WORD_MAX));
  }
  return words;
}

/** The fields of a job that search reads. */
export type SearchableJob = {
  operation: string;
  info?: string;
  outcome?: { message?: string };
  input?: Record<string, unknown>;
};

/**
 * A job's search text: its distinct words separated by single spaces, at most `JOB_SEARCH_TEXT_MAX` characters,
 * in the order met (operation, info, outcome message, then the input's strings, depth first).
 */
export function jobSearchText(job: SearchableJob): string {
  const seen = new Set<string>();
  let length = 0;
  const add = (text: string): boolean => {
    for (const word of searchWords(text)) {
      if (seen.has(word)) continue;
      if (length + word.length + (seen.size > 0 ? 1 : 0) > JOB_SEARCH_TEXT_MAX) return false;
      length += word.length + (seen.size > 0 ? 1 : 0);
      seen.add(word);
    }
    return true;
  };
  const addStrings = (value: unknown, depth: number): boolean => {
    if (typeof value === "string") return add(value);
    if (depth > 20 || typeof value !== "object" || value === null) return true;
    for (const item of Array.isArray(value) ? value : Object.values(value)) {
      if (!addStrings(item, depth + 1)) return false;
    }
    return true;
  };
  // Each step stops at the cap; later fields are then left out.
  void (
    add(job.operation) &&
    add(job.info ?? "") &&
    add(job.outcome?.message ?? "") &&
    addStrings(job.input, 0)
  );
  return [...seen].join(" ");
}

/** Whether search text (as `jobSearchText` builds it) holds a word beginning with each of `words`. */
export function searchTextMatches(text: string, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  const own = text ? text.split(" ") : [];
  return words.every((word) => own.some((candidate) => candidate.startsWith(word)));
}
