import { assertBlobId, readWithinLimit, type BlobStore, type StoredBlob } from "./blob-store";

/** Blobs in memory, as lists of the chunks they arrived in: for mock mode (in a browser) and tests. */
export class MemoryBlobStore implements BlobStore {
  readonly #blobs = new Map<string, { chunks: Uint8Array[]; size: number }>();

  async put(id: string, stream: ReadableStream<Uint8Array>, options: { maxBytes: number }) {
    assertBlobId(id);
    const reader = stream.getReader();
    const chunks: Uint8Array[] = [];
    let size: number;
    try {
      // A copy of each chunk: the source may reuse or keep a view on its buffer.
      size = await readWithinLimit(reader, options.maxBytes, (chunk) => void chunks.push(chunk.slice()));
    } finally {
      reader.releaseLock();
    }
    this.#blobs.set(id, { chunks, size });
    return { size };
  }

  async get(id: string): Promise<StoredBlob | undefined> {
    assertBlobId(id);
    const blob = this.#blobs.get(id);
    if (!blob) return undefined;
    let next = 0;
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          const chunk = blob.chunks[next++];
          if (chunk) controller.enqueue(chunk.slice());
          else controller.close();
        },
      },
      { highWaterMark: 0 },
    );
    return { size: blob.size, stream };
  }

  async delete(id: string): Promise<void> {
    assertBlobId(id);
    this.#blobs.delete(id);
  }

  /** Ids of the stored blobs (tests check that nothing is left behind). */
  ids(): string[] {
    return [...this.#blobs.keys()];
  }
}
