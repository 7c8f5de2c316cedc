import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DiskBlobStore, openDiskBlobStore } from "../node/disk-blob-store";
import { readAll } from "../testing/streams";
import { BlobTooLargeError, InvalidBlobIdError, type BlobStore } from "./blob-store";
import { MemoryBlobStore } from "./memory-blob-store";

/** `total` bytes (a repeating pattern) in chunks of `chunk`, produced on demand; counts what was pulled. */
function generated(total: number, chunk = 64 * 1024) {
  let sent = 0;
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= total) return controller.close();
        const size = Math.min(chunk, total - sent);
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) bytes[i] = (sent + i) % 251;
        sent += size;
        stats.pulled++;
        controller.enqueue(bytes);
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

const expected = (total: number) => Uint8Array.from({ length: total }, (_, i) => i % 251);
/** Byte equality without vitest's element-by-element diffing (slow on large arrays). */
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

let root: string;
let dir: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "blob-test-"));
  dir = join(root, "files");
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

type Adapter = { name: string; open: () => Promise<BlobStore>; files: () => string[] };
const adapters: Adapter[] = [
  { name: "disk", open: () => openDiskBlobStore(dir), files: () => readdirSync(dir) },
  {
    name: "memory",
    open: async () => (memory = new MemoryBlobStore()),
    files: () => memory.ids(),
  },
];
let memory: MemoryBlobStore;

describe.each(adapters)("$name blob store", (adapter) => {
  it("stores a stream and gives the same bytes back, with its size", async () => {
    const blobs = await adapter.open();
    const total = 300_000;
    const { size } = await blobs.put("us_fl_abc123", generated(total, 10_000).stream, { maxBytes: total });
    expect(size).toBe(total);
    const blob = await blobs.get("us_fl_abc123");
    expect(blob?.size).toBe(total);
    expect(sameBytes(await readAll(blob!.stream), expected(total))).toBe(true);
    expect(adapter.files()).toEqual(["us_fl_abc123"]);
  });

  it("stores an empty blob", async () => {
    const blobs = await adapter.open();
    expect(await blobs.put("us_fl_empty", generated(0).stream, { maxBytes: 10 })).toEqual({ size: 0 });
    const blob = await blobs.get("us_fl_empty");
    expect(blob?.size).toBe(0);
    expect((await readAll(blob!.stream)).length).toBe(0);
  });

  it("refuses a blob over maxBytes with a typed error, stops reading and leaves nothing behind", async () => {
    const blobs = await adapter.open();
    const { stream, stats } = generated(10 * 64 * 1024);
    const error = await blobs.put("us_fl_big", stream, { maxBytes: 100_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobTooLargeError);
    expect((error as BlobTooLargeError).maxBytes).toBe(100_000);
    expect(stats.pulled).toBe(2);
    expect(stats.cancelled).toBe(true);
    expect(adapter.files()).toEqual([]);
    expect(await blobs.get("us_fl_big")).toBeUndefined();
  });

  it("accepts exactly maxBytes", async () => {
    const blobs = await adapter.open();
    expect(await blobs.put("us_fl_exact", generated(1000).stream, { maxBytes: 1000 })).toEqual({
      size: 1000,
    });
  });

  it("removes partial data when the source fails", async () => {
    const blobs = await adapter.open();
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(1000));
        controller.error(new Error("client went away"));
      },
    });
    await expect(blobs.put("us_fl_broken", failing, { maxBytes: 10_000 })).rejects.toThrow(
      "client went away",
    );
    expect(adapter.files()).toEqual([]);
  });

  it("answers undefined for a missing blob, and deletes idempotently", async () => {
    const blobs = await adapter.open();
    expect(await blobs.get("us_fl_missing")).toBeUndefined();
    await blobs.put("us_fl_gone", generated(10).stream, { maxBytes: 10 });
    await blobs.delete("us_fl_gone");
    await blobs.delete("us_fl_gone");
    expect(await blobs.get("us_fl_gone")).toBeUndefined();
    expect(adapter.files()).toEqual([]);
  });

  it("accepts file ids only, so no name can leave the folder", async () => {
    const blobs = await adapter.open();
    for (const id of [
      "../escape",
      "us_fl_../../x",
      "us_fl_ABC",
      "us_fl_",
      "us_sp_abc",
      "us_fl_a/b",
      "",
      "us_fl_a\0",
    ]) {
      await expect(blobs.put(id, generated(1).stream, { maxBytes: 10 }), id).rejects.toBeInstanceOf(
        InvalidBlobIdError,
      );
      await expect(blobs.get(id), id).rejects.toBeInstanceOf(InvalidBlobIdError);
      await expect(blobs.delete(id), id).rejects.toBeInstanceOf(InvalidBlobIdError);
    }
    expect(adapter.files()).toEqual([]);
  });
});

describe("disk blob store", () => {
  it("writes under a temporary name and renames when complete", async () => {
    const blobs = await openDiskBlobStore(dir);
    let seenWhileWriting: string[] = [];
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 1) seenWhileWriting = readdirSync(dir);
        if (sent++ < 3) controller.enqueue(new Uint8Array(100).fill(sent));
        else controller.close();
      },
    });
    await blobs.put("us_fl_renamed", stream, { maxBytes: 1000 });
    expect(seenWhileWriting).toHaveLength(1);
    expect(seenWhileWriting[0]).toMatch(/^us_fl_renamed\..+\.partial$/);
    expect(readdirSync(dir)).toEqual(["us_fl_renamed"]);
    expect(readFileSync(join(dir, "us_fl_renamed")).length).toBe(300);
    const blob = await blobs.get("us_fl_renamed");
    expect(blob?.size).toBe(300);
    await blob?.stream.cancel();
  });

  it("reads a large blob in bounded steps, as the consumer asks", async () => {
    const blobs = await openDiskBlobStore(dir);
    const total = 5 * 1024 * 1024 + 17;
    await blobs.put("us_fl_large", generated(total).stream, { maxBytes: total });
    const blob = await blobs.get("us_fl_large");
    const reader = blob!.stream.getReader();
    let size = 0;
    let largest = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      largest = Math.max(largest, value.length);
    }
    expect(size).toBe(total);
    expect(largest).toBeLessThanOrEqual(64 * 1024);
  });

  it("keeps a download readable when the blob is deleted under it", async () => {
    const blobs = await openDiskBlobStore(dir);
    await blobs.put("us_fl_race", generated(200_000).stream, { maxBytes: 200_000 });
    const blob = await blobs.get("us_fl_race");
    await blobs.delete("us_fl_race");
    expect(sameBytes(await readAll(blob!.stream), expected(200_000))).toBe(true);
  });

  it("closes the file when a download is cancelled", async () => {
    const blobs = await openDiskBlobStore(dir);
    await blobs.put("us_fl_cancel", generated(200_000).stream, { maxBytes: 200_000 });
    const blob = await blobs.get("us_fl_cancel");
    const reader = blob!.stream.getReader();
    await reader.read();
    await reader.cancel();
    await blobs.delete("us_fl_cancel");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("removes temporary files an interrupted upload left behind when it opens", async () => {
    await openDiskBlobStore(dir);
    writeFileSync(join(dir, "us_fl_crashed.1234.partial"), "half a file");
    writeFileSync(join(dir, "us_fl_kept"), "a whole file");
    await openDiskBlobStore(dir);
    expect(readdirSync(dir)).toEqual(["us_fl_kept"]);
  });

  it("is a class that can be made over an existing folder", async () => {
    await openDiskBlobStore(dir);
    const blobs = new DiskBlobStore(dir);
    await blobs.put("us_fl_direct", generated(5).stream, { maxBytes: 5 });
    expect(readdirSync(dir)).toEqual(["us_fl_direct"]);
  });
});
