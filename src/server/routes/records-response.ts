import type { Context } from "hono";
import { bulkStep, type BulkLane } from "../scheduling/bulk-lane";
import type { RecordWriteResult } from "../services/record-service";
import { ChunkSizer } from "../system-jobs/chunk-sizer";

/**
 * The answer of a record write, `{ data: { success: true, records, counts } }`, written out a chunk of records at a
 * time, each chunk a step of the bulk lane when the request is bulk work, after a turn of the loop otherwise: 10,000
 * large records are tens of megabytes of JSON, whose `JSON.stringify` in one go would hold every other request for a
 * few hundred milliseconds.
 */
export function recordsResponse(c: Context, result: RecordWriteResult, lane?: BulkLane): Response {
  const { records, counts } = result;
  const encoder = new TextEncoder();
  const sizer = new ChunkSizer({ initial: 200, max: 5_000 });
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"data":{"success":true,"records":['));
    },
    async pull(controller) {
      const text = await bulkStep(
        lane,
        () => {
          const started = performance.now();
          const end = Math.min(records.length, next + sizer.size);
          const parts: string[] = [];
          for (let i = next; i < end; i++) parts.push(JSON.stringify(records[i]));
          let chunk = (next > 0 && parts.length ? "," : "") + parts.join(",");
          sizer.observe(performance.now() - started, Math.max(end - next, 1));
          next = end;
          if (next === records.length) chunk += `],"counts":${JSON.stringify(counts)}}}`;
          return encoder.encode(chunk);
        },
        next > 0,
      );
      controller.enqueue(text);
      if (next === records.length) controller.close();
    },
  });
  return c.body(body, 200, { "content-type": "application/json" });
}
