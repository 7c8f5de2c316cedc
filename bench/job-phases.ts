import { setMaxListeners } from "node:events";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { percentile, round, Samples, sleep } from "./http-client";
import type { HttpClient } from "./http-client";

export const UPDATES_PER_LIFECYCLE = 10;
export const REQUESTS_PER_LIFECYCLE = 3 + UPDATES_PER_LIFECYCLE;

/**
 * The two phases that measure the job system itself, used for every store the bench runs on: job lifecycles over
 * HTTP, and the latency of their events on the SSE stream.
 */

// ---------------------------------------------------------------------------------------------------------------
// Job lifecycles

const CREATE_BODY = JSON.stringify({
  type: "workbook",
  operation: "benchOperation",
  trigger: "immediate",
  source: "us_wb_bench",
});
const ACK_BODY = JSON.stringify({ info: "Starting bench job", progress: 5 });
const UPDATE_BODIES = Array.from({ length: UPDATES_PER_LIFECYCLE }, (_, i) =>
  JSON.stringify({
    progress: 5 + Math.round(((i + 1) * 90) / UPDATES_PER_LIFECYCLE),
    info: `Step ${i + 1} of ${UPDATES_PER_LIFECYCLE}`,
  }),
);
const COMPLETE_BODY = JSON.stringify({ outcome: { message: "Bench job done", acknowledge: false } });

/**
 * A space for lifecycles whose jobs have one (`--lifecycle-space`): a job of a space is also written to the indexes
 * of its space, which a job of none skips (SQLite migration 13), so its lifecycle writes more.
 */
export async function createLifecycleSpace(http: HttpClient): Promise<string> {
  const { data } = await http.json<{ id: string }>("POST", "/v1/spaces", { name: "bench lifecycles" });
  return data.id;
}

/** Lifecycles of `concurrency` clients for `seconds`; their jobs in the space `spaceId` if one is given. */
export async function measureLifecycles(
  http: HttpClient,
  concurrency: number,
  seconds: number,
  spaceId?: string,
) {
  const createBody = spaceId ? JSON.stringify({ ...JSON.parse(CREATE_BODY), spaceId }) : CREATE_BODY;
  const latencies = new Samples();
  let lifecycles = 0;
  let failedLifecycles = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;

  const step = async (method: string, path: string, body: string, expectStatus = 200): Promise<string> => {
    const r = await http.request(method, path, body);
    latencies.add(r.endedAt - r.startedAt);
    if (r.status !== expectStatus)
      throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 200)}`);
    return r.text;
  };

  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          const created = JSON.parse(await step("POST", "/v1/jobs", createBody)) as {
            data: { id: string; status: string };
          };
          const id = created.data.id;
          if (created.data.status !== "ready")
            throw new Error(`a new immediate job is "${created.data.status}", not ready`);
          await step("POST", `/v1/jobs/${id}/ack`, ACK_BODY);
          for (const body of UPDATE_BODIES) await step("PATCH", `/v1/jobs/${id}`, body);
          await step("POST", `/v1/jobs/${id}/complete`, COMPLETE_BODY);
          lifecycles++;
        } catch (error) {
          failedLifecycles++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const sorted = latencies.sorted();
  return {
    concurrency,
    seconds: round(elapsed, 2),
    lifecycles,
    failedLifecycles,
    firstError,
    requests: latencies.length,
    lifecyclesPerSecond: round(lifecycles / elapsed, 1),
    requestsPerSecond: round(latencies.length / elapsed, 0),
    latencyP50Ms: round(percentile(sorted, 50), 2),
    latencyP99Ms: round(percentile(sorted, 99), 2),
    latencyMaxMs: round(percentile(sorted, 100), 2),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Endurance

/** Lifecycles per stretch of the endurance run: its rate is printed for each. */
export const ENDURANCE_STRETCH = 10_000;

/**
 * `total` lifecycles in a row (as in measureLifecycles, `concurrency` clients) on a log that grows all the while: the
 * rate of each stretch of ENDURANCE_STRETCH, and the last stretch's rate over the first's (issue 20: at least 0.9
 * after 100,000). `progress` hears each stretch as it ends.
 */
export async function measureEndurance(
  http: HttpClient,
  concurrency: number,
  total: number,
  progress: (stretch: number, perSecond: number) => void,
) {
  const stretches: number[] = [];
  let done = 0;
  let failed = 0;
  let firstError: string | undefined;
  let stretchStart = performance.now();
  const finishStretch = () => {
    const now = performance.now();
    const perSecond = round(ENDURANCE_STRETCH / ((now - stretchStart) / 1000), 1);
    stretchStart = now;
    stretches.push(perSecond);
    progress(stretches.length, perSecond);
  };
  let started = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        try {
          await runLifecycle(http);
          done++;
          if (done % ENDURANCE_STRETCH === 0) finishStretch();
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    }),
  );
  const first = stretches[0];
  const last = stretches.at(-1);
  return {
    lifecycles: done,
    failedLifecycles: failed,
    firstError,
    perStretch: stretches,
    lastOverFirst: first && last ? round(last / first, 2) : undefined,
  };
}

/** One lifecycle, throwing on any answer but the expected one. */
async function runLifecycle(http: HttpClient): Promise<void> {
  const step = async (method: string, path: string, body: string) => {
    const r = await http.request(method, path, body);
    if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}: ${r.text.slice(0, 200)}`);
    return r.text;
  };
  const created = JSON.parse(await step("POST", "/v1/jobs", CREATE_BODY)) as { data: { id: string } };
  const id = created.data.id;
  await step("POST", `/v1/jobs/${id}/ack`, ACK_BODY);
  for (const body of UPDATE_BODIES) await step("PATCH", `/v1/jobs/${id}`, body);
  await step("POST", `/v1/jobs/${id}/complete`, COMPLETE_BODY);
}

// ---------------------------------------------------------------------------------------------------------------
// Event latency

const SEQ_PREFIX = "bench-seq-";

type Subscriber = {
  arrivals: Float64Array;
  connected: Promise<void>;
  done: Promise<void>;
  received: () => number;
};

function subscribe(
  baseUrl: string,
  secretKey: string,
  jobId: string,
  updates: number,
  signal: AbortSignal,
): Subscriber {
  const arrivals = new Float64Array(updates).fill(Number.NaN);
  let received = 0;
  let markConnected!: () => void;
  const connected = new Promise<void>((done) => (markConnected = done));
  const parser = createParser({
    onComment: () => markConnected(),
    onEvent: (message) => {
      const at = performance.now();
      const event = JSON.parse(message.data) as { context?: { jobId?: string }; payload?: { info?: string } };
      const info = event.payload?.info;
      if (event.context?.jobId !== jobId || !info?.startsWith(SEQ_PREFIX)) return;
      const seq = Number(info.slice(SEQ_PREFIX.length));
      if (seq >= 0 && seq < updates && Number.isNaN(arrivals[seq])) {
        arrivals[seq] = at;
        received++;
      }
    },
  });
  // node:http rather than fetch, as for the requests (`HttpClient`): 100 fetch bodies, each chunk through web
  // streams and a TextDecoder, put the load generator's own time into every arrival; BullMQ's subscribers read
  // plain sockets.
  const done = new Promise<void>((resolve, reject) => {
    const url = new URL(`${baseUrl}/v1/events/stream?topic=job:updated`);
    const req = http.get(
      url,
      { headers: { authorization: `Bearer ${secretKey}`, accept: "text/event-stream" }, signal },
      (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`the event stream answered ${response.statusCode}`));
          return;
        }
        response.setEncoding("utf8");
        response.on("data", (text: string) => parser.feed(text));
        response.on("end", () => resolve());
        response.on("close", () => resolve());
        response.on("error", (error) => (signal.aborted ? resolve() : reject(error)));
      },
    );
    req.on("error", (error) => (signal.aborted ? resolve() : reject(error)));
  });
  return { arrivals, connected, done, received: () => received };
}

export async function measureEventLatency(
  http: HttpClient,
  baseUrl: string,
  secretKey: string,
  subscriberCount: number,
  updates: number,
  intervalMs: number,
) {
  const { data: job } = await http.json<{ id: string }>("POST", "/v1/jobs", {
    type: "workbook",
    operation: "benchLatency",
    trigger: "immediate",
    source: "us_wb_latency",
  });
  await http.json("POST", `/v1/jobs/${job.id}/ack`, { info: "Latency probe", progress: 0 });

  const abort = new AbortController();
  // One signal ends every subscriber's request, each of which listens on it (Node warns past ten).
  setMaxListeners(subscriberCount + 10, abort.signal);
  const subscribers = Array.from({ length: subscriberCount }, () =>
    subscribe(baseUrl, secretKey, job.id, updates, abort.signal),
  );
  const streamFailures: string[] = [];
  for (const s of subscribers)
    s.done.catch((error: unknown) => streamFailures.push((error as Error).message));
  await Promise.race([Promise.all(subscribers.map((s) => s.connected)), sleep(15_000)]);
  await sleep(200);

  const requestStart = new Float64Array(updates);
  const responseAt = new Float64Array(updates);
  const t0 = performance.now();
  for (let i = 0; i < updates; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const progress = Math.round((i * 100) / updates);
    const { result } = await http.json("PATCH", `/v1/jobs/${job.id}`, {
      progress,
      info: `${SEQ_PREFIX}${i}`,
    });
    requestStart[i] = result.startedAt;
    responseAt[i] = result.endedAt;
  }
  const settleDeadline = performance.now() + 5_000;
  while (performance.now() < settleDeadline && subscribers.some((s) => s.received() < updates))
    await sleep(20);
  abort.abort();
  await Promise.allSettled(subscribers.map((s) => s.done));
  await http.json("POST", `/v1/jobs/${job.id}/complete`, {});

  const afterResponse = new Samples();
  const afterRequest = new Samples();
  let missing = 0;
  for (const s of subscribers) {
    for (let i = 0; i < updates; i++) {
      const at = s.arrivals[i] as number;
      if (Number.isNaN(at)) {
        missing++;
        continue;
      }
      afterResponse.add(at - (responseAt[i] as number));
      afterRequest.add(at - (requestStart[i] as number));
    }
  }
  const fromResponse = afterResponse.sorted();
  const fromRequest = afterRequest.sorted();
  const responseTimes = Array.from(responseAt, (end, i) => end - (requestStart[i] as number)).sort(
    (a, b) => a - b,
  );
  return {
    subscribers: subscriberCount,
    updates,
    intervalMs,
    deliveries: afterResponse.length,
    missing,
    streamFailures: streamFailures.length,
    arrivalMinusResponseP50Ms: round(percentile(fromResponse, 50), 2),
    arrivalMinusResponseP99Ms: round(percentile(fromResponse, 99), 2),
    arrivalMinusResponseMinMs: round(percentile(fromResponse, 0), 2),
    arrivalMinusRequestStartP50Ms: round(percentile(fromRequest, 50), 2),
    arrivalMinusRequestStartP99Ms: round(percentile(fromRequest, 99), 2),
    updateResponseP50Ms: round(percentile(responseTimes, 50), 2),
    updateResponseP99Ms: round(percentile(responseTimes, 99), 2),
  };
}
