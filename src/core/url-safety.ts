/**
 * The URL safety rule for outcomes: only http(s) URLs and same-origin paths may become links.
 * The server refuses anything else with a 400, and the dashboard re-checks before rendering, so a bad value
 * written straight into the database still never becomes a clickable `javascript:` link.
 */

// Browsers strip tabs and newlines inside URLs ("java\nscript:" runs), so any control character is refused outright.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const PROBE_ORIGIN = "https://same-origin.invalid";

/** True when `url` is an absolute http(s) URL or a path on the same origin ("/files/x.csv", "report.csv"). */
export function isSafeOutcomeUrl(url: string): boolean {
  if (url.length === 0 || CONTROL_CHARS.test(url) || url !== url.trim()) return false;
  let resolved: URL;
  try {
    resolved = new URL(url, PROBE_ORIGIN + "/");
  } catch {
    return false;
  }
  if (resolved.origin === PROBE_ORIGIN) return !SCHEME.test(url) && !url.startsWith("\\");
  // Anything leaving the origin must say so explicitly with http(s); "//host" and "/\host" are refused.
  return (resolved.protocol === "http:" || resolved.protocol === "https:") && /^https?:\/\//i.test(url);
}

/** True when `path` (of a `next: {type: "id"}` outcome) is relative and stays inside the space. */
export function isSafeRelativePath(path: string): boolean {
  if (CONTROL_CHARS.test(path) || path.startsWith("/") || path.startsWith("\\")) return false;
  if (SCHEME.test(path)) return false;
  // Browsers read "%2e" as "." in a path, so "%2e%2e/x" climbs out of the space like "../x" does.
  return !path
    .split(/[/\\]/)
    .map((segment) => segment.replace(/%2e/gi, "."))
    .some((segment) => segment === ".." || segment === ".");
}

/** True when `query` (of a `next: {type: "id"}` outcome) is a plain query string. */
export function isSafeQuery(query: string): boolean {
  return !CONTROL_CHARS.test(query) && !query.includes("#");
}
