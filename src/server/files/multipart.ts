/**
 * A streaming `multipart/form-data` parser over a web `ReadableStream`, isomorphic (Node, browsers, workers).
 *
 * Why our own: the maintained candidates did not fit. `@remix-run/multipart-parser` (and `@mjackson/...`, its
 * predecessor) buffer every part's content in memory; `multipasta` streams, but without backpressure, and it drops
 * the name and filename of a part whose filename has a character above U+00FF (a Japanese or emoji file name).
 *
 * How it streams: parts are handed out one at a time by an async generator; a part's `body` is a pull stream
 * (high-water mark 0) that reads the source only when the consumer asks, so a slow disk slows the upload down instead
 * of filling memory. A consumer must finish or cancel a part's body before asking for the next part; a part it skips
 * is read through and discarded. Cancelling a part's body never cancels the source (on a Node server that would
 * destroy the socket before the response is written).
 *
 * Names and file names are read the way browsers and undici write them (WHATWG HTML, "multipart/form-data encoding
 * algorithm"): raw UTF-8 inside the quotes, with `"`, CR and LF written as %22, %0D and %0A. `filename*` (RFC 5987,
 * UTF-8 or ISO-8859-1) wins over `filename` when present. A backslash is not an escape there (browsers do not write
 * one: a field named `\` arrives as `name="\"`), so `a\b.csv` keeps its backslash and a name check can refuse it.
 */

export type MultipartLimits = {
  /** Bytes of one part's header block (default 16 KiB). */
  maxHeaderBytes: number;
  /** Parts in one body (default 100). */
  maxParts: number;
  /** Bytes read from the source in total, framing and epilogue included (default: no limit). */
  maxTotalBytes: number;
};

const DEFAULT_LIMITS: MultipartLimits = { maxHeaderBytes: 16 * 1024, maxParts: 100, maxTotalBytes: Infinity };

/**
 * The body is not valid multipart (`malformed`), is over one of the limits (`limit`, with which one), or could not be
 * read to its end (`aborted`: the source failed, e.g. the client went away; the source's error is the `cause`).
 */
export class MultipartError extends Error {
  constructor(
    message: string,
    readonly kind: "malformed" | "limit" | "aborted",
    readonly limit?: "total" | "headers" | "parts" | "field",
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = "MultipartError";
  }
}

export type MultipartPart = {
  /** The `name` of the part's Content-Disposition. */
  readonly name: string;
  /** Its `filename` (or decoded `filename*`); undefined for a plain field. */
  readonly filename: string | undefined;
  /** Header names in lower case; a repeated header keeps its values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The part's bytes; read it to the end or cancel it before asking for the next part. */
  readonly body: ReadableStream<Uint8Array>;
  /** Reads the body as UTF-8 text, refusing more than `maxBytes` with a `limit` MultipartError. */
  text(maxBytes: number): Promise<string>;
};

const CR = 13;
const LF = 10;
const DASH = 45;
const SPACE = 32;
const TAB = 9;
const encoder = new TextEncoder();

/** A byte pattern with its Boyer-Moore-Horspool skip table. */
class Needle {
  readonly bytes: Uint8Array;
  readonly #skip: Uint8Array | Uint32Array;

  constructor(text: string) {
    this.bytes = encoder.encode(text);
    const n = this.bytes.length;
    this.#skip = n < 256 ? new Uint8Array(256).fill(n) : new Uint32Array(256).fill(n);
    for (let k = 0; k < n - 1; k++) this.#skip[this.bytes[k] as number] = n - 1 - k;
  }

  /** First index >= from where the needle starts in `hay`, or -1. */
  indexIn(hay: Uint8Array, from: number): number {
    const needle = this.bytes;
    const last = needle.length - 1;
    const end = hay.length - needle.length;
    const skip = this.#skip;
    let i = from;
    while (i <= end) {
      let j = last;
      while (hay[i + j] === needle[j]) {
        if (j === 0) return i;
        j--;
      }
      i += skip[hay[i + last] as number] as number;
    }
    return -1;
  }

  /**
   * Where a proper prefix of the needle starts at the end of `hay` (at or after `from`), or `hay.length`: the bytes
   * from there on might be the beginning of a needle that the next chunk completes.
   */
  tailPrefixStart(hay: Uint8Array, from: number): number {
    const needle = this.bytes;
    const first = needle[0];
    for (let i = Math.max(from, hay.length - needle.length + 1); i < hay.length; i++) {
      if (hay[i] !== first) continue;
      let k = 1;
      while (i + k < hay.length && hay[i + k] === needle[k]) k++;
      if (i + k === hay.length) return i;
    }
    return hay.length;
  }
}

const HEADERS_END = new Needle("\r\n\r\n");

/** The boundary of a `multipart/form-data` Content-Type, or undefined when it is not one (or has no usable boundary). */
export function multipartBoundary(contentType: string | null | undefined): string | undefined {
  if (!contentType) return undefined;
  const semi = contentType.indexOf(";");
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type !== "multipart/form-data" || semi < 0) return undefined;
  let params: Map<string, string>;
  try {
    params = parseParameters(contentType, semi, true);
  } catch {
    return undefined;
  }
  const boundary = params.get("boundary");
  // RFC 2046 allows 1 to 70 characters; a little more is tolerated, but never a line break.
  if (!boundary || boundary.length > 200 || /[\r\n]/.test(boundary)) return undefined;
  return boundary;
}

/**
 * `; name=value; name="quoted value"` from `start` (the index of the first `;`) to the end. Names are lower-cased;
 * a repeated name keeps its first value. With `backslashEscapes` (HTTP headers), `\x` in quotes is `x` (RFC 9110
 * quoted-pair); without (part headers, as browsers write them), a backslash is just a character. Throws a
 * MultipartError on an unterminated quote.
 */
function parseParameters(text: string, start: number, backslashEscapes: boolean): Map<string, string> {
  const params = new Map<string, string>();
  let i = start;
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  };
  while (i < text.length) {
    skipSpace();
    if (text[i] === ";") i++;
    skipSpace();
    if (i >= text.length) break;
    const eq = text.indexOf("=", i);
    const semi = text.indexOf(";", i);
    if (eq < 0 || (semi >= 0 && semi < eq)) {
      // A parameter without a value: skip it.
      i = semi < 0 ? text.length : semi;
      continue;
    }
    const name = text.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    skipSpace();
    let value = "";
    if (text[i] === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const ch = text[i] as string;
        if (backslashEscapes && ch === "\\" && i + 1 < text.length) {
          value += text[i + 1];
          i += 2;
        } else if (ch === '"') {
          closed = true;
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed)
        throw new MultipartError(`Unterminated quoted value of "${name}" in a part header`, "malformed");
      skipSpace();
      if (i < text.length && text[i] !== ";")
        throw new MultipartError(
          `Unexpected text after the value of "${name}" in a part header`,
          "malformed",
        );
    } else {
      const end = text.indexOf(";", i);
      value = text.slice(i, end < 0 ? text.length : end).trim();
      i = end < 0 ? text.length : end;
    }
    if (name && !params.has(name)) params.set(name, value);
  }
  return params;
}

/** The HTML form encoding of `"`, CR and LF inside quoted names. */
const decodeFormEscapes = (value: string) =>
  value.replace(/%(22|0d|0a)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** RFC 5987 `charset'language'percent-encoded`; undefined when it cannot be decoded. */
function decodeExtValue(value: string): string | undefined {
  const match = /^([\w!#$%&+^`{}~-]*)'[^']*'(.*)$/.exec(value);
  if (!match) return undefined;
  const charset = (match[1] as string).toLowerCase();
  const encoded = match[2] as string;
  try {
    if (charset === "utf-8" || charset === "utf8") return decodeURIComponent(encoded);
    if (charset === "iso-8859-1" || charset === "latin1")
      return encoded.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  } catch {
    // Malformed percent-encoding: fall back to `filename`.
  }
  return undefined;
}

function parseHeaderBlock(bytes: Uint8Array): Record<string, string> {
  const text = new TextDecoder().decode(bytes);
  const headers: Record<string, string> = {};
  let previous: string | undefined;
  for (const line of text.split("\r\n")) {
    if (line === "") continue;
    if ((line[0] === " " || line[0] === "\t") && previous) {
      // obs-fold: a continuation of the previous header.
      headers[previous] += " " + line.trim();
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : "";
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name))
      throw new MultipartError(`A part has a malformed header line`, "malformed");
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    previous = name;
  }
  return headers;
}

function describePart(headers: Record<string, string>): { name: string; filename: string | undefined } {
  const disposition = headers["content-disposition"];
  if (!disposition) throw new MultipartError("A part has no Content-Disposition header", "malformed");
  const semi = disposition.indexOf(";");
  const type = (semi < 0 ? disposition : disposition.slice(0, semi)).trim().toLowerCase();
  if (type !== "form-data")
    throw new MultipartError(`A part's disposition is "${type}", not form-data`, "malformed");
  const params = semi < 0 ? new Map<string, string>() : parseParameters(disposition, semi, false);
  const name = params.get("name");
  if (name === undefined) throw new MultipartError("A part has no name", "malformed");
  const extended = params.get("filename*");
  const plain = params.get("filename");
  const filename =
    (extended === undefined ? undefined : decodeExtValue(extended)) ??
    (plain === undefined ? undefined : decodeFormEscapes(plain));
  return { name: decodeFormEscapes(name), filename };
}

/** Reads the source through a sliding window and splits it at the boundary. One operation at a time. */
class Scanner {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #delimiter: Needle;
  readonly #limits: MultipartLimits;
  // The virtual CRLF lets the first boundary match "\r\n--boundary" like every other one.
  #buf: Uint8Array = encoder.encode("\r\n");
  #pos = 0;
  #total = 0;
  #eof = false;
  #failure: unknown;

  constructor(source: ReadableStream<Uint8Array>, boundary: string, limits: MultipartLimits) {
    this.#reader = source.getReader();
    this.#delimiter = new Needle(`\r\n--${boundary}`);
    this.#limits = limits;
  }

  release(): void {
    // Not cancel(): on a Node server that would destroy the request, and the response with it.
    this.#reader.releaseLock();
  }

  /** Runs one scanner operation; after a failure, every later operation fails the same way. */
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    if (this.#failure !== undefined) throw this.#failure;
    try {
      return await work();
    } catch (error) {
      this.#failure = error;
      throw error;
    }
  }

  /** Appends the next chunk of the source to the window; false at the end of the source. */
  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await this.#reader.read();
    } catch (error) {
      throw new MultipartError("The body could not be read to its end", "aborted", undefined, {
        cause: error,
      });
    }
    const { done, value } = next;
    if (done) {
      this.#eof = true;
      return false;
    }
    this.#total += value.byteLength;
    if (this.#total > this.#limits.maxTotalBytes)
      throw new MultipartError(
        `The body is larger than ${this.#limits.maxTotalBytes} bytes`,
        "limit",
        "total",
      );
    const rest = this.#buf.length - this.#pos;
    if (rest === 0) {
      this.#buf = value;
    } else {
      const joined = new Uint8Array(rest + value.byteLength);
      joined.set(this.#buf.subarray(this.#pos));
      joined.set(value, rest);
      this.#buf = joined;
    }
    this.#pos = 0;
    return true;
  }

  async #need(bytes: number, what: string): Promise<void> {
    while (this.#buf.length - this.#pos < bytes) {
      if (!(await this.#fill())) throw new MultipartError(`The body ended ${what}`, "malformed");
    }
  }

  /**
   * The next piece of the current part's body, or null at its end (the delimiter is then consumed). Pieces are views
   * on the window; the window is never written to after it is handed out, so they stay valid.
   */
  readBodyChunk(): Promise<Uint8Array | null> {
    return this.#guard(async () => {
      for (;;) {
        const at = this.#delimiter.indexIn(this.#buf, this.#pos);
        if (at === this.#pos) {
          this.#pos += this.#delimiter.bytes.length;
          return null;
        }
        const end = at >= 0 ? at : this.#delimiter.tailPrefixStart(this.#buf, this.#pos);
        if (end > this.#pos) {
          const piece = this.#buf.subarray(this.#pos, end);
          this.#pos = end;
          return piece;
        }
        if (!(await this.#fill())) throw new MultipartError("The body ended inside a part", "malformed");
      }
    });
  }

  /** After a delimiter: true when a part follows (the line break is left for `readHeaders`), false at the close. */
  nextPartFollows(): Promise<boolean> {
    return this.#guard(async () => {
      await this.#need(2, "after a boundary");
      if (this.#buf[this.#pos] === DASH && this.#buf[this.#pos + 1] === DASH) {
        this.#pos += 2;
        return false;
      }
      // RFC 2046 transport padding: spaces and tabs before the line break.
      for (let padding = 0; ; padding++) {
        await this.#need(1, "after a boundary");
        const byte = this.#buf[this.#pos];
        if (byte !== SPACE && byte !== TAB) break;
        if (padding > 1024) throw new MultipartError("Too much padding after a boundary", "malformed");
        this.#pos++;
      }
      await this.#need(2, "after a boundary");
      if (this.#buf[this.#pos] !== CR || this.#buf[this.#pos + 1] !== LF)
        throw new MultipartError("A boundary is not followed by a line break", "malformed");
      return true;
    });
  }

  /** The header block of the part that starts at the window's position (on the line break after its boundary). */
  readHeaders(): Promise<Record<string, string>> {
    return this.#guard(async () => {
      for (;;) {
        // "\r\n\r\n" right at the start is a part without headers.
        const at = HEADERS_END.indexIn(this.#buf, this.#pos);
        if (at >= 0) {
          if (at - this.#pos > this.#limits.maxHeaderBytes) break;
          const block = this.#buf.subarray(this.#pos + 2, at);
          this.#pos = at + 4;
          return parseHeaderBlock(block);
        }
        if (this.#buf.length - this.#pos > this.#limits.maxHeaderBytes + 4) break;
        if (!(await this.#fill()))
          throw new MultipartError("The body ended inside a part's headers", "malformed");
      }
      throw new MultipartError(
        `A part's headers are longer than ${this.#limits.maxHeaderBytes} bytes`,
        "limit",
        "headers",
      );
    });
  }

  /** Reads what follows the closing boundary and discards it (counted against `maxTotalBytes`). */
  drainEpilogue(): Promise<void> {
    return this.#guard(async () => {
      this.#buf = new Uint8Array(0);
      this.#pos = 0;
      while (await this.#fill()) this.#buf = new Uint8Array(0);
    });
  }
}

/** One part's body as a pull stream over the scanner. */
class PartBody {
  #done = false;
  #abandoned = false;
  #inflight: Promise<unknown> | undefined;
  readonly stream: ReadableStream<Uint8Array>;

  constructor(private readonly scanner: Scanner) {
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          if (this.#done || this.#abandoned) return;
          const read = this.scanner.readBodyChunk();
          this.#inflight = read;
          const piece = await read;
          if (piece === null) this.#done = true;
          // A body cancelled while this read was under way has a closed controller: the piece is dropped.
          if (this.#abandoned) return;
          if (piece === null) controller.close();
          else controller.enqueue(piece);
        },
        cancel: () => {
          this.#abandoned = true;
        },
      },
      { highWaterMark: 0 },
    );
  }

  /** Reads and discards whatever the consumer left of this part. */
  async skipRest(): Promise<void> {
    await this.#inflight?.catch(() => undefined);
    this.#abandoned = true;
    while (!this.#done) if ((await this.scanner.readBodyChunk()) === null) this.#done = true;
  }
}

async function readText(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw new MultipartError(`A form field is longer than ${maxBytes} bytes`, "limit", "field");
      }
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text + decoder.decode();
}

/**
 * The parts of a multipart/form-data body, one at a time (see the module comment for the streaming contract).
 * Throws a MultipartError for a malformed body, a body over `limits` or a source that fails.
 */
export async function* parseMultipart(
  source: ReadableStream<Uint8Array>,
  boundary: string,
  limits: Partial<MultipartLimits> = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const all = { ...DEFAULT_LIMITS, ...limits };
  const scanner = new Scanner(source, boundary, all);
  try {
    // The preamble (before the first boundary) is read as the body of a part nobody wants.
    await new PartBody(scanner).skipRest();
    let parts = 0;
    while (await scanner.nextPartFollows()) {
      if (++parts > all.maxParts)
        throw new MultipartError(`The form has more than ${all.maxParts} parts`, "limit", "parts");
      const headers = await scanner.readHeaders();
      const { name, filename } = describePart(headers);
      const body = new PartBody(scanner);
      yield {
        name,
        filename,
        headers,
        body: body.stream,
        text: (maxBytes) => readText(body.stream, maxBytes),
      };
      await body.skipRest();
    }
    await scanner.drainEpilogue();
  } finally {
    scanner.release();
  }
}
