import type { ServiceDeps } from "../services/service-deps";

export type RetentionOptions = {
  /** How long events (and claims of past schedule slots) are kept. */
  retentionMs: number;
  /** Rows deleted per transaction (500 unless said otherwise). */
  batchSize?: number;
};

export type RetentionReport = { events: number; scheduleSlots: number };

/** Lets other work (API writes, on the same store) take its turn between two batches. */
const yieldTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * One pass of retention: deletes events older than the retention, oldest first, and the claims of schedule slots
 * older than it, in small transactions with a pause between them, so API writes interleave instead of waiting for
 * one long delete. The newest event always stays, so positions keep growing. Several instances may prune at once:
 * each deletes what is still there.
 */
export async function runRetention(deps: ServiceDeps, options: RetentionOptions): Promise<RetentionReport> {
  const batchSize = options.batchSize ?? 500;
  const before = new Date(deps.now().getTime() - options.retentionMs).toISOString();
  const inBatches = async (prune: () => Promise<number>) => {
    let total = 0;
    for (;;) {
      const deleted = await prune();
      total += deleted;
      if (deleted < batchSize) return total;
      await yieldTurn();
    }
  };
  const events = await inBatches(() => deps.store.transaction((tx) => tx.pruneEvents(before, batchSize)));
  const scheduleSlots = await inBatches(() =>
    deps.store.transaction((tx) => tx.pruneScheduleSlots(before, batchSize)),
  );
  return { events, scheduleSlots };
}
