/**
 * The listener of mock mode: the real demo listener (`registerDemo`), mounted in the page on the page's own origin
 * with the mock's secret key, so its event stream and every call it makes go through the same MSW handlers as the
 * dashboard's. Next to the demo's handlers it runs the scenario panel's jobs (slow, failing, burst), which write log
 * lines as the demo's do, so the job detail shows a log in mock mode too.
 */
import { registerDemo } from "../demo";
import { createListener, jobHandler, type Listener, type Logger } from "../sdk";

/** The jobs only mock mode creates; mounted on no resource, created with the secret key on the demo workbook. */
export const SCENARIO_JOBS = {
  slow: { type: "workbook", operation: "mock-slow" },
  failing: { type: "workbook", operation: "mock-fail" },
  burst: { type: "workbook", operation: "mock-burst" },
} as const;

const nameOf = (job: { type: string; operation: string }) => `${job.type}:${job.operation}`;

/** How long the slow job takes, in steps of `SLOW_STEP_MS`. */
export const SLOW_STEPS = 20;
export const SLOW_STEP_MS = 1_500;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Registers the handlers of the scenario jobs. `stepMs` shortens the slow job (tests). */
export function registerScenarioJobs(listener: Listener, options: { stepMs?: number } = {}): Listener {
  const stepMs = options.stepMs ?? SLOW_STEP_MS;
  listener.use(
    jobHandler(nameOf(SCENARIO_JOBS.slow), async (job, _tick, { api, signal, log }) => {
      for (let step = 1; step <= SLOW_STEPS; step++) {
        log.info(`Step ${step} of ${SLOW_STEPS} started`, { step });
        if (step % 5 === 0) log.debug(`Checkpoint after ${step} steps`);
        const remaining = (SLOW_STEPS - step + 1) * stepMs;
        await api.jobs.update(
          job.id,
          {
            progress: Math.round((100 * (step - 1)) / SLOW_STEPS),
            info: `Step ${step} of ${SLOW_STEPS}: taking its time`,
            estimatedCompletionAt: new Date(Date.now() + remaining).toISOString(),
          },
          { signal },
        );
        await sleep(stepMs, signal);
      }
      return { heading: "Slow job done", message: `Finished ${SLOW_STEPS} slow steps.` };
    }),
  );
  listener.use(
    jobHandler(nameOf(SCENARIO_JOBS.failing), async (_job, tick, { signal, log }) => {
      await tick(30, "Working on it");
      log.info("Working on it");
      await sleep(Math.min(stepMs, 800), signal);
      log.warn("The work is not going well");
      log.error("Giving up on purpose", { scenario: "failing" });
      // jobHandler fails the job with this message as its outcome.
      throw new Error("The mock listener failed this job on purpose (scenario: a job that fails)");
    }),
  );
  listener.use(jobHandler(nameOf(SCENARIO_JOBS.burst), async () => ({ message: "Burst job done" })));
  return listener;
}

/** Logs the listener's lines to the console with a prefix; debug lines are dropped. */
export const consolePrefixLogger = (prefix: string): Logger => ({
  debug: () => undefined,
  info: (message, details) => console.info(`${prefix} ${message}`, ...(details ? [details] : [])),
  warn: (message, details) => console.warn(`${prefix} ${message}`, ...(details ? [details] : [])),
  error: (message, details) => console.error(`${prefix} ${message}`, ...(details ? [details] : [])),
});

export type SimulatedListenerOptions = {
  /** The origin the API is reached on (the page's, in the browser). */
  baseUrl: string;
  secretKey: string;
  logger?: Logger;
  /** Step of the slow scenario job. */
  stepMs?: number;
};

/** Mounts the demo listener plus the scenario jobs; resolves once its event stream is open. */
export async function startSimulatedListener(options: SimulatedListenerOptions): Promise<Listener> {
  const logger = options.logger ?? consolePrefixLogger("[mock listener]");
  const listener = registerScenarioJobs(registerDemo(createListener({ name: "mock-listener", logger })), {
    stepMs: options.stepMs,
  });
  await listener.mount({ baseUrl: options.baseUrl, token: options.secretKey });
  return listener;
}
