import { Zip, ZipDeflate } from "fflate";

/** One file of a zip: its name inside the archive and its bytes, read once, in order. */
export type ZipEntry = { name: string; stream: ReadableStream<Uint8Array> };

/**
 * A zip archive of `entries`, compressed as it is read (pull): an entry's bytes are read only when the reader of the
 * archive wants more, so the archive of a million-row workbook holds about one chunk at a time. Level 1 deflate: CSV
 * text shrinks to about a fifth even so, at several times the speed of the default level. Canceling the archive
 * cancels the entry being read.
 */
export function zipStream(entries: readonly ZipEntry[]): ReadableStream<Uint8Array> {
  const pending: Uint8Array[] = [];
  let finished = false;
  let failure: unknown;
  const zip = new Zip((error, data, final) => {
    if (error) failure = error;
    else pending.push(data);
    if (final) finished = true;
  });
  let index = -1;
  let entry: ZipDeflate | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  const openNext = () => {
    index++;
    const next = entries[index];
    if (!next) {
      zip.end();
      return;
    }
    entry = new ZipDeflate(next.name, { level: 1 });
    zip.add(entry);
    reader = next.stream.getReader();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (pending.length === 0 && !finished && failure === undefined) {
          if (!reader) {
            openNext();
            continue;
          }
          const { done, value } = await reader.read();
          if (done) {
            reader.releaseLock();
            reader = undefined;
            entry?.push(new Uint8Array(0), true);
          } else entry?.push(value);
        }
        if (failure !== undefined) throw failure;
        const chunk = pending.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
