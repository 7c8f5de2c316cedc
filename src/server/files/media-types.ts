/** Content types and download headers of stored files. Isomorphic. */

const BY_EXTENSION: Record<string, string> = {
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  psv: "text/plain",
  txt: "text/plain",
  md: "text/markdown",
  json: "application/json",
  jsonl: "application/jsonl",
  ndjson: "application/x-ndjson",
  xml: "application/xml",
  html: "text/html",
  htm: "text/html",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ods: "application/vnd.oasis.opendocument.spreadsheet",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
};

export const OCTET_STREAM = "application/octet-stream";

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\r\\n]*"))*$`);

/** The extension of a file name, lower-cased, without the dot ("" when it has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : "";
}

/** A syntactically valid media type (with parameters), or undefined; safe to send back as a header. */
export function validMediaType(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && trimmed.length <= 255 && MEDIA_TYPE.test(trimmed) ? trimmed : undefined;
}

/**
 * The stored type of an upload: the part's Content-Type, unless it is absent, malformed or the generic
 * `application/octet-stream` (what browsers and undici send for a Blob without a type), in which case the name's
 * extension decides, and `application/octet-stream` when it does not either.
 */
export function uploadMediaType(partContentType: string | undefined, name: string): string {
  const declared = validMediaType(partContentType);
  if (declared && declared.toLowerCase() !== OCTET_STREAM) return declared;
  return BY_EXTENSION[extensionOf(name)] ?? OCTET_STREAM;
}

/** RFC 5987 encoding: percent-encodes everything outside attr-char (a lone surrogate becomes U+FFFD first). */
const encodeExtValue = (value: string) =>
  encodeURIComponent(value.replace(/\p{Cs}/gu, "\ufffd")).replace(
    /['()*]/g,
    (ch) => "%" + ch.charCodeAt(0).toString(16).toUpperCase(),
  );

/**
 * `attachment` with a plain-ASCII `filename` for old clients (accents dropped, anything else outside printable ASCII,
 * and `"` and `\`, replaced by `_`) and the exact name as UTF-8 in `filename*` (RFC 6266).
 */
export function attachmentDisposition(name: string): string {
  const ascii = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii || "download"}"; filename*=UTF-8''${encodeExtValue(name)}`;
}
