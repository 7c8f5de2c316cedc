/**
 * Where the bytes of uploaded files live, apart from their metadata (which is a row in the Store). Isomorphic: the
 * memory adapter runs in a browser for mock mode; the disk adapter (src/server/node/disk-blob-store.ts) is Node's.
 *
 * Blobs are streamed both ways, so a file never sits whole in memory (except in the memory adapter, by nature).
 */
export interface BlobStore {
  /**
   * Streams `stream` into the blob `id` and resolves with its size once every byte is stored. Past `maxBytes` it
   * stops reading, removes what it wrote and rejects with {@link BlobTooLargeError}; on any other failure (the source
   * errors, the disk is full) it also removes the partial data and rejects. A blob becomes visible to `get` only
   * once complete.
   */
  put(
    id: string,
    stream: ReadableStream<Uint8Array>,
    options: { maxBytes: number },
  ): Promise<{ size: number }>;
  /** The blob's bytes as a stream (read it fully or cancel it), or undefined when there is no such blob. */
  get(id: string): Promise<StoredBlob | undefined>;
  /** Removes the blob; no error when there is none. */
  delete(id: string): Promise<void>;
}

export type StoredBlob = { size: number; stream: ReadableStream<Uint8Array> };

/** The only ids a blob store accepts: a file id, so a blob name can never leave the store's folder. */
export const BLOB_ID_PATTERN = /^us_fl_[a-z0-9]+$/;

export class InvalidBlobIdError extends Error {
  constructor(id: string) {
    super(`Not a file id: ${JSON.stringify(id.slice(0, 80))}`);
    this.name = "InvalidBlobIdError";
  }
}

export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than ${maxBytes} bytes`);
    this.name = "BlobTooLargeError";
  }
}

export function assertBlobId(id: string): void {
  if (!BLOB_ID_PATTERN.test(id)) throw new InvalidBlobIdError(id);
}

/**
 * Reads `reader` to its end, handing each chunk to `write` (and waiting for it) in order; answers how many bytes came.
 * Past `maxBytes` it cancels the source and throws {@link BlobTooLargeError}, without handing over the chunk that went
 * past. What `put` of every adapter reads its stream with; releasing the reader stays the caller's.
 */
export async function readWithinLimit(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  write: (chunk: Uint8Array) => void | Promise<void>,
): Promise<number> {
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return size;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BlobTooLargeError(maxBytes);
    }
    await write(value);
  }
}
