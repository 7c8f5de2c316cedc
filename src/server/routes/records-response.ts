import type { Context } from "hono";
import type { RecordWriteResult } from "../services/record-service";
import { ChunkSizer } from "../system-jobs/chunk-sizer";
import { yieldToLoop } from "../system-jobs/yield-to-loop";

/**
 * The answer of a record write, `{ data: { success: true, records, counts } }`, written out a chunk of records at a
 * time with a turn of the event loop between chunks: 10,000 large records are tens of megabytes of JSON, whose
 * `JSON.stringify` in one go would hold every other request for a few hundred milliseconds.
 */
export function recordsResponse(c: Context, result: RecordWriteResult): Response {
  const { records, counts } = result;
  const encoder = new TextEncoder();
  const sizer = new ChunkSizer({ initial: 200, max: 5_000 });
  let next = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('{"data":{"success":true,"records":['));
    },
    async pull(controller) {
      if (next > 0) await yieldToLoop();
      const started = performance.now();
      const end = Math.min(records.length, next + sizer.size);
      const parts: string[] = [];
      for (let i = next; i < end; i++) parts.push(JSON.stringify(records[i]));
      let text = (next > 0 && parts.length ? "," : "") + parts.join(",");
      sizer.observe(performance.now() - started, Math.max(end - next, 1));
      next = end;
      if (next === records.length) text += `],"counts":${JSON.stringify(counts)}}}`;
      controller.enqueue(encoder.encode(text));
      if (next === records.length) controller.close();
    },
  });
  return c.body(body, 200, { "content-type": "application/json" });
}
