import { yieldToLoop } from "../yield-to-loop";

/** What extraction reads: a blob store's stream, or any async iterable of byte chunks. */
export type ByteStream = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/**
 * A file to extract: its bytes, or a function that opens them, which XLSX needs when a workbook's shared strings come
 * after its sheets (as Excel writes them): the file is then read twice rather than held in memory.
 */
export type ExtractSource = ByteStream | (() => ByteStream | Promise<ByteStream>);

/** Chunks are cut to this size so one chunk's parsing stays far below the ~50 ms an event-loop turn may take. */
export const MAX_CHUNK_BYTES = 64 * 1024;

/**
 * Pull-based reading of a byte stream in bounded chunks, with bytes put back after sniffing, a count of bytes read and
 * a `close()` that cancels the source (a reader that is not read to its end must be closed).
 */
export class ByteReader {
  #iterator: AsyncIterator<Uint8Array>;
  #pending: Uint8Array[] = [];
  #closed = false;
  bytesRead = 0;

  constructor(
    stream: ByteStream,
    private readonly onRead: (bytes: number) => void = () => undefined,
  ) {
    this.#iterator = iterate(stream);
  }

  /** The next chunk (at most MAX_CHUNK_BYTES, never empty), or undefined at the end. */
  async read(): Promise<Uint8Array | undefined> {
    for (;;) {
      const pending = this.#pending.shift();
      if (pending) return this.#cut(pending);
      if (this.#closed) return undefined;
      const next = await this.#iterator.next();
      if (next.done) {
        this.#closed = true;
        return undefined;
      }
      if (!(next.value instanceof Uint8Array))
        throw new TypeError("A file stream must yield Uint8Array chunks");
      if (next.value.byteLength === 0) continue;
      this.bytesRead += next.value.byteLength;
      this.onRead(next.value.byteLength);
      return this.#cut(next.value);
    }
  }

  /** Puts a chunk back in front of what comes next (already counted). */
  unread(chunk: Uint8Array): void {
    if (chunk.byteLength > 0) this.#pending.unshift(chunk);
  }

  /** At least `bytes` bytes from the start (fewer only at the end), left to be read again. */
  async peek(bytes: number): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    let length = 0;
    while (length < bytes) {
      const chunk = await this.read();
      if (!chunk) break;
      parts.push(chunk);
      length += chunk.byteLength;
    }
    for (let index = parts.length - 1; index >= 0; index--) this.unread(parts[index]!);
    return concat(parts, length);
  }

  async close(): Promise<void> {
    this.#pending = [];
    if (this.#closed) return;
    this.#closed = true;
    await this.#iterator.return?.();
  }

  #cut(chunk: Uint8Array): Uint8Array {
    if (chunk.byteLength <= MAX_CHUNK_BYTES) return chunk;
    this.#pending.unshift(chunk.subarray(MAX_CHUNK_BYTES));
    return chunk.subarray(0, MAX_CHUNK_BYTES);
  }
}

function iterate(stream: ByteStream): AsyncIterator<Uint8Array> {
  if (!(stream instanceof ReadableStream)) return stream[Symbol.asyncIterator]();
  // ReadableStream's own async iteration is missing from some browsers (Safari): use a reader, cancel it on return.
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel().catch(() => undefined);
      reader.releaseLock();
      return { done: true, value: undefined };
    },
  };
}

export function concat(parts: Uint8Array[], length = parts.reduce((sum, part) => sum + part.byteLength, 0)) {
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}

/**
 * Gives the event loop a turn once the caller has run ~16 ms without one, so a file whose chunks are already in
 * memory (no real I/O between them) still never holds the loop: timers, requests and other jobs go on.
 */
export class Pacer {
  #since = now();

  async breathe(): Promise<void> {
    if (now() - this.#since < 16) return;
    await yieldToLoop();
    this.#since = now();
  }
}

const now = () => performance.now();
