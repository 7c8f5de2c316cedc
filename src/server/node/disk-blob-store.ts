import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, rename, unlink, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { assertBlobId, readWithinLimit, type BlobStore, type StoredBlob } from "../files/blob-store";

const TEMP_SUFFIX = ".partial";
const READ_CHUNK_BYTES = 64 * 1024;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";

/**
 * Blobs as files in one folder (`DATA_DIR/files/<id>`). A blob is written under a temporary name, flushed to disk and
 * only then renamed to its id, so a reader never sees half a file and a crash leaves at most a temporary file, which
 * the next `openDiskBlobStore` removes. Bytes are streamed both ways in 64 KiB steps, with backpressure: a 1 GiB file
 * costs the process no more memory than a 1 KiB one. Ids must be file ids (`us_fl_` + [a-z0-9]), so no name can
 * reach outside the folder.
 */
export class DiskBlobStore implements BlobStore {
  constructor(readonly dir: string) {}

  #path(id: string): string {
    assertBlobId(id);
    return join(this.dir, id);
  }

  async put(id: string, stream: ReadableStream<Uint8Array>, options: { maxBytes: number }) {
    const target = this.#path(id);
    const temp = join(this.dir, `${id}.${randomUUID()}${TEMP_SUFFIX}`);
    const reader = stream.getReader();
    let handle: FileHandle | undefined;
    try {
      const file = await open(temp, "wx", 0o600);
      handle = file;
      const size = await readWithinLimit(reader, options.maxBytes, async (chunk) => {
        let offset = 0;
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await file.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
      });
      // On disk before the rename, so that the name never points at bytes a crash could still lose.
      await handle.datasync();
      await handle.close();
      handle = undefined;
      await rename(temp, target);
      return { size };
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
      throw error;
    } finally {
      reader.releaseLock();
    }
  }

  async get(id: string): Promise<StoredBlob | undefined> {
    const path = this.#path(id);
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    // The open handle keeps the bytes readable even if the blob is deleted while it is being downloaded.
    const { size } = await handle.stat().catch(async (error: unknown) => {
      await handle.close();
      throw error;
    });
    let position = 0;
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    const stream = new ReadableStream<Uint8Array>(
      {
        async pull(controller) {
          try {
            const buffer = new Uint8Array(READ_CHUNK_BYTES);
            const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position);
            if (bytesRead === 0) {
              await close();
              controller.close();
              return;
            }
            position += bytesRead;
            controller.enqueue(bytesRead === buffer.byteLength ? buffer : buffer.subarray(0, bytesRead));
          } catch (error) {
            await close().catch(() => undefined);
            controller.error(error);
          }
        },
        cancel: close,
      },
      { highWaterMark: 0 },
    );
    return { size, stream };
  }

  async delete(id: string): Promise<void> {
    try {
      await unlink(this.#path(id));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}

/** Creates the folder if needed and removes temporary files that an interrupted upload left behind. */
export async function openDiskBlobStore(dir: string): Promise<DiskBlobStore> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const name of await readdir(dir)) {
    if (name.endsWith(TEMP_SUFFIX)) await unlink(join(dir, name)).catch(() => undefined);
  }
  return new DiskBlobStore(dir);
}
