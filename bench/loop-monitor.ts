/**
 * Loaded into the bench's server child (`--import`), never into the product: measures the server's event-loop delay
 * with Node's histogram and writes it to `BENCH_LOOP_FILE` every 100 ms. SIGUSR2 starts a new measurement, so a
 * phase reads the longest delay of its own time only.
 */
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const write = () =>
    writeFileSync(
      file,
      JSON.stringify({ maxMs: histogram.max / 1e6, p99Ms: histogram.percentile(99) / 1e6, at: Date.now() }),
    );
  setInterval(write, 100).unref();
  process.on("SIGUSR2", () => {
    histogram.reset();
    write();
  });
}
