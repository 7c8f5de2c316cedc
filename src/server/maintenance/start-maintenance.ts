import { sweepListeners, SWEEP_DEFAULTS } from "../presence/sweep-listeners";
import type { ServiceDeps } from "../services/service-deps";
import { runRetention } from "./retention";
import { runScheduler } from "./scheduler";
import { runWatchdog } from "./watchdog";

export type MaintenanceOptions = {
  /** Pause between the end of one pass and the start of the next (15 s unless said otherwise). */
  intervalMs?: number;
  /** A job `ready` this long with no ack fails (10 minutes unless said otherwise). */
  readyTimeoutMs?: number;
  /** A job `executing` this long with no ack or update fails (5 minutes unless said otherwise). */
  leaseMs?: number;
  /** Events and past schedule slots are kept this long (7 days unless said otherwise). */
  retentionMs?: number;
  /** A connected listener its instance stopped refreshing for this long is disconnected (30 s unless said otherwise). */
  listenerStaleMs?: number;
  /** Where a failed duty is reported (console.error unless said otherwise); the next pass retries it. */
  onError?: (error: unknown, duty: MaintenanceDuty) => void;
};

export type MaintenanceDuty = "scheduler" | "watchdog" | "retention" | "presence";

export type Maintenance = {
  /** Stops the timer and resolves once a pass that is running has finished. */
  stop(): Promise<void>;
};

export const MAINTENANCE_DEFAULTS = {
  intervalMs: 15_000,
  readyTimeoutMs: 10 * 60_000,
  leaseMs: 5 * 60_000,
  retentionMs: 7 * 24 * 3_600_000,
  listenerStaleMs: SWEEP_DEFAULTS.listenerStaleMs,
} as const;

/**
 * Runs the server's background duties (scheduled actions, the stuck-job watchdog, event retention, listeners whose
 * instance stopped) at once and then every `intervalMs` after the previous pass ended, so passes never overlap. Each duty is safe to run on every
 * instance sharing one database: none needs a leader. A duty that throws is reported and retried on the next pass.
 * A job's next attempt (after a failed one) is due sooner than the interval: the pass that sees it, or the commit
 * of its `job:scheduled`, brings the next pass forward to its time.
 */
export function startMaintenance(deps: ServiceDeps, options: MaintenanceOptions = {}): Maintenance {
  const settings = { ...MAINTENANCE_DEFAULTS, ...withoutUndefined(options) };
  const report = options.onError ?? ((error, duty) => console.error(`maintenance: ${duty} failed`, error));
  const duties: [MaintenanceDuty, () => Promise<unknown>][] = [
    [
      "scheduler",
      async () => {
        const { nextAttemptAt } = await runScheduler(deps);
        if (nextAttemptAt) wakeAt(nextAttemptAt);
      },
    ],
    ["watchdog", () => runWatchdog(deps, settings)],
    ["retention", () => runRetention(deps, settings)],
    ["presence", () => sweepListeners(deps, settings)],
  ];
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  /** When the next pass starts (ms on the deps clock), and the earliest attempt a running pass was told of. */
  let plannedAt = Number.POSITIVE_INFINITY;
  let wakeDuringPass = Number.POSITIVE_INFINITY;

  const wakeAt = (iso: string) => {
    const due = Date.parse(iso);
    if (stopped || Number.isNaN(due)) return;
    if (running) wakeDuringPass = Math.min(wakeDuringPass, due);
    else if (due < plannedAt) {
      clearTimeout(timer);
      schedule(Math.max(0, due - deps.now().getTime()));
    }
  };
  const unsubscribe = deps.store.onCommit((events) => {
    for (const event of events) {
      const next = event.topic === "job:scheduled" ? event.payload.nextAttemptAt : undefined;
      if (typeof next === "string") wakeAt(next);
    }
  });

  const pass = async () => {
    for (const [duty, run] of duties) {
      if (stopped) return;
      try {
        await run();
      } catch (error) {
        report(error, duty);
      }
    }
  };
  const schedule = (delayMs: number) => {
    plannedAt = deps.now().getTime() + delayMs;
    timer = setTimeout(() => {
      plannedAt = Number.POSITIVE_INFINITY;
      running = pass().finally(() => {
        running = undefined;
        if (stopped) return;
        const soonest = wakeDuringPass - deps.now().getTime();
        wakeDuringPass = Number.POSITIVE_INFINITY;
        schedule(Math.max(0, Math.min(settings.intervalMs, soonest)));
      });
    }, delayMs);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      unsubscribe();
      clearTimeout(timer);
      await running;
    },
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
