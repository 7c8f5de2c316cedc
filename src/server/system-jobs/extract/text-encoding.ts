import { ExtractError } from "./extract-error";

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

export type SniffedEncoding = { encoding: TextEncodingName; bomLength: number };

const NOT_TEXT = "The file is not a text file (it holds binary data); upload a CSV, TSV, JSON or XLSX file.";

/**
 * The encoding of a text file from its first bytes: a BOM when there is one; else UTF-16 when NUL bytes fill every
 * other position (plain ASCII in UTF-16); else UTF-8 when the bytes are valid UTF-8; else Windows-1252, the encoding
 * of CSV files saved by Excel on Windows (ISO-8859-1 text is the same but for 0x80-0x9F). NUL bytes otherwise, or
 * control characters that no text holds, mean a binary file and end in an ExtractError.
 *
 * `complete` says that `sample` is the whole file (so a multi-byte character cut at its end is an error).
 */
export function sniffEncoding(sample: Uint8Array, complete: boolean): SniffedEncoding {
  if (startsWith(sample, [0xef, 0xbb, 0xbf])) return { encoding: "utf-8", bomLength: 3 };
  if (startsWith(sample, [0xff, 0xfe])) return { encoding: "utf-16le", bomLength: 2 };
  if (startsWith(sample, [0xfe, 0xff])) return { encoding: "utf-16be", bomLength: 2 };
  const utf16 = sniffUtf16(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  if (looksBinary(sample)) throw new ExtractError(NOT_TEXT);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: !complete });
    return { encoding: "utf-8", bomLength: 0 };
  } catch {
    return { encoding: "windows-1252", bomLength: 0 };
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]) {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function sniffUtf16(sample: Uint8Array): TextEncodingName | undefined {
  const pairs = Math.min(sample.byteLength, 4096) >> 1;
  if (pairs < 2) return undefined;
  let evenNuls = 0;
  let oddNuls = 0;
  for (let index = 0; index < pairs * 2; index += 2) {
    if (sample[index] === 0) evenNuls++;
    if (sample[index + 1] === 0) oddNuls++;
  }
  if (oddNuls > pairs * 0.3 && evenNuls < pairs * 0.05) return "utf-16le";
  if (evenNuls > pairs * 0.3 && oddNuls < pairs * 0.05) return "utf-16be";
  return undefined;
}

/** NUL, or more than 1% of C0 controls other than tab, LF, FF, CR and the old end-of-file mark (SUB). */
function looksBinary(sample: Uint8Array): boolean {
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1a)
      controls++;
  }
  return controls > sample.byteLength / 100;
}

/** Streaming bytes -> text with the sniffed encoding; chunk boundaries may fall anywhere, inside a BOM too. */
export interface TextDecoding {
  decode(chunk: Uint8Array): string;
  /** The rest at the end of the file (a character cut at the very end becomes U+FFFD). */
  end(): string;
}

export function createTextDecoding({ encoding, bomLength }: SniffedEncoding): TextDecoding {
  let bomLeft = bomLength;
  const skipBom = (chunk: Uint8Array) => {
    if (bomLeft === 0) return chunk;
    const skip = Math.min(bomLeft, chunk.byteLength);
    bomLeft -= skip;
    return chunk.subarray(skip);
  };
  const inner = encoding === "utf-8" ? new Utf8Decoding() : platformDecoding(encoding);
  return {
    decode: (chunk) => inner.decode(skipBom(chunk)),
    end: () => inner.end(),
  };
}

function platformDecoding(encoding: TextEncodingName): TextDecoding {
  // The BOM is skipped by byte count above: the platform must not strip a U+FEFF of the content too.
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return {
    decode: (chunk) => decoder.decode(chunk, { stream: true }),
    end: () => decoder.decode(),
  };
}

/**
 * UTF-8 that falls back to Windows-1252 when a file that looked like ASCII turns out not to be UTF-8 further down (the
 * sniffed sample held no accented letter yet). Once real UTF-8 was seen, a stray invalid byte becomes U+FFFD instead.
 */
class Utf8Decoding implements TextDecoding {
  #state: "ascii" | "utf-8" | "windows-1252" = "ascii";
  #fatal = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  #lenient = new TextDecoder("utf-8", { ignoreBOM: true });
  #legacy = new TextDecoder("windows-1252");
  /** Bytes of a character cut by the chunk's end, kept while the state may still change. */
  #carry: Uint8Array = new Uint8Array(0);

  decode(chunk: Uint8Array): string {
    if (this.#state === "utf-8") return this.#lenient.decode(chunk, { stream: true });
    if (this.#state === "windows-1252") return this.#legacy.decode(chunk, { stream: true });
    const bytes = this.#carry.byteLength > 0 ? joinBytes(this.#carry, chunk) : chunk;
    if (!hasHighByte(bytes)) {
      this.#carry = new Uint8Array(0);
      return this.#fatal.decode(bytes);
    }
    const cut = incompleteTail(bytes);
    const whole = bytes.subarray(0, bytes.byteLength - cut);
    try {
      const text = this.#fatal.decode(whole);
      this.#carry = bytes.slice(bytes.byteLength - cut);
      if (hasHighByte(whole)) this.#state = "utf-8";
      // The carried bytes (a cut character) go to the lenient decoder, which now decodes everything.
      return this.#state === "utf-8"
        ? text + this.#lenient.decode(this.#takeCarry(), { stream: true })
        : text;
    } catch {
      this.#state = "windows-1252";
      this.#carry = new Uint8Array(0);
      return this.#legacy.decode(bytes, { stream: true });
    }
  }

  end(): string {
    if (this.#state === "ascii") {
      const carry = this.#takeCarry();
      return carry.byteLength > 0 ? this.#legacy.decode(carry) : "";
    }
    return this.#state === "utf-8" ? this.#lenient.decode() : this.#legacy.decode();
  }

  #takeCarry() {
    const carry = this.#carry;
    this.#carry = new Uint8Array(0);
    return carry;
  }
}

/** Whether any byte is outside ASCII; four bytes at a time where the alignment allows (every chunk is looked at). */
function hasHighByte(bytes: Uint8Array): boolean {
  const length = bytes.byteLength;
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  for (let i = 0; i < head; i++) if (bytes[i]! >= 0x80) return true;
  const words = (length - head) >> 2;
  if (words > 0) {
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + head, words);
    for (let i = 0; i < words; i++) if ((view[i]! & 0x80808080) !== 0) return true;
  }
  for (let i = head + words * 4; i < length; i++) if (bytes[i]! >= 0x80) return true;
  return false;
}

/** How many bytes at the end start a UTF-8 character that the next chunk completes (0 when none is cut). */
function incompleteTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.byteLength); back++) {
    const byte = bytes[bytes.byteLength - back]!;
    if (byte < 0x80) return 0;
    if (byte >= 0xc0) {
      const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return length > back ? back : 0;
    }
  }
  return 0;
}

function joinBytes(first: Uint8Array, second: Uint8Array) {
  const joined = new Uint8Array(first.byteLength + second.byteLength);
  joined.set(first);
  joined.set(second, first.byteLength);
  return joined;
}
