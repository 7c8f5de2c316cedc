/**
 * Throughput of CSV extraction: 1,000,000 rows x 8 columns generated in memory as a stream, extracted the way the
 * worker does (a macrotask between batches). Prints rows/s and how long one `next()` took (parsing plus the stream's
 * own generation of that text): the longest, the longest after the first 20 (JIT warm-up), and the 99th percentile.
 *
 *   node --import tsx src/server/system-jobs/extract/measure-extract.ts [rows]
 */
import { extractTables } from "./extract-tables";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const ROWS_PER_CHUNK = 1_000;

function csvStream(rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let row = 0;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("id,first_name,last_name,email,city,amount,date,note\n"));
    },
    pull(controller) {
      if (row >= rows) return controller.close();
      let text = "";
      const end = Math.min(rows, row + ROWS_PER_CHUNK);
      for (; row < end; row++) {
        text += `${row},Anna ${row % 97},Müller,anna.${row}@example.com,Köln,${(row * 1.37).toFixed(2)},2024-03-${String((row % 28) + 1).padStart(2, "0")},"Quoted, with comma"\n`;
      }
      controller.enqueue(encoder.encode(text));
    },
  });
}

const started = performance.now();
let rows = 0;
let batches = 0;
const durations: number[] = [];
const iterator = extractTables(csvStream(ROWS), { fileName: "measure.csv" });
for (;;) {
  const before = performance.now();
  const next = await iterator.next();
  durations.push(performance.now() - before);
  if (next.done) break;
  if (next.value.kind === "rows") {
    rows += next.value.rows.length;
    batches++;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
const seconds = (performance.now() - started) / 1000;
const longest = (list: number[]) => list.reduce((max, value) => Math.max(max, value), 0);
const sorted = [...durations].sort((a, b) => a - b);
const p99 = sorted[Math.floor(sorted.length * 0.99)] ?? 0;
console.log(
  `${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(2)} s: ${Math.round(rows / seconds).toLocaleString("en-US")} rows/s; ` +
    `${batches} batches; next(): longest ${longest(durations).toFixed(1)} ms, ` +
    `longest after warm-up ${longest(durations.slice(20)).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
);
