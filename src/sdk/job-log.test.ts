import { describe, expect, it } from "vitest";
import { JOB_LOG_LIMITS, type JobLogLineInput } from "../core";
import type { ApiClient } from "./client/client";
import { jobLog } from "./job-log";
import { memoryLogger, sleep } from "./testing/helpers";

/** An API whose `jobs.log` records each batch (and answers after `delayMs`, or fails when `fail` says so). */
function fakeApi(options: { delayMs?: number; fail?: (batch: JobLogLineInput[]) => boolean } = {}) {
  const batches: JobLogLineInput[][] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const api = {
    jobs: {
      log: async (_jobId: string, lines: JobLogLineInput[]) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await sleep(options.delayMs ?? 0);
        inFlight -= 1;
        if (options.fail?.(lines)) throw new Error("refused");
        batches.push(lines);
        return { firstSeq: 1, lastSeq: lines.length, count: lines.length, dropped: 0 };
      },
    },
  } as unknown as ApiClient;
  return { api, batches, maxInFlight: () => maxInFlight };
}

const messages = (batches: JobLogLineInput[][]) => batches.flat().map((line) => line.message);

describe("jobLog", () => {
  it("reads a level, a message and data in either form, info by default", async () => {
    const { api, batches } = fakeApi();
    const log = jobLog(api, "us_jb_1");
    log("plain");
    log("with data", { a: 1 });
    log("warn", "warned", { b: 2 });
    log.debug("debugged");
    log.error("errored");
    await log.flush();
    expect(batches.flat().map(({ level, message, data }) => ({ level, message, data }))).toEqual([
      { level: "info", message: "plain", data: undefined },
      { level: "info", message: "with data", data: { a: 1 } },
      { level: "warn", message: "warned", data: { b: 2 } },
      { level: "debug", message: "debugged", data: undefined },
      { level: "error", message: "errored", data: undefined },
    ]);
    expect(Date.parse(batches[0]?.[0]?.time ?? "")).not.toBeNaN();
  });

  it("sends a batch once maxLines wait, the rest after flushMs, one request at a time and in order", async () => {
    const { api, batches, maxInFlight } = fakeApi({ delayMs: 5 });
    const log = jobLog(api, "us_jb_1", { maxLines: 10, flushMs: 30 });
    for (let i = 0; i < 25; i++) log(`line ${i}`);
    await sleep(100);
    expect(messages(batches)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
    expect(batches.length).toBeLessThanOrEqual(3);
    expect(maxInFlight()).toBe(1);
    log("late");
    expect(batches.length).toBeLessThanOrEqual(3);
    await log.flush();
    expect(messages(batches).at(-1)).toBe("late");
  });

  it("never throws: a refused batch is reported to the logger and dropped, the next ones still go", async () => {
    const { api, batches } = fakeApi({ fail: (batch) => batch.some((line) => line.message === "bad") });
    const logger = memoryLogger();
    const log = jobLog(api, "us_jb_1", { logger });
    log("bad");
    await log.flush();
    log("good");
    await log.flush();
    expect(messages(batches)).toEqual(["good"]);
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: "warn",
        message: expect.stringMatching(/1 log lines of job us_jb_1 not sent/),
      }),
    ]);
  });

  it("cuts a long message and leaves out data the server would refuse, saying so", async () => {
    const { api, batches } = fakeApi();
    const log = jobLog(api, "us_jb_1");
    log("x".repeat(JOB_LOG_LIMITS.messageLength + 10));
    log("big", { blob: "y".repeat(JOB_LOG_LIMITS.dataBytes) });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    log("loop", circular);
    await log.flush();
    const [long, big, loop] = batches.flat();
    expect(long?.message).toHaveLength(JOB_LOG_LIMITS.messageLength);
    expect(big).toMatchObject({ message: expect.stringMatching(/^big \(data left out: \d+ bytes\)$/) });
    expect(big?.data).toBeUndefined();
    expect(loop).toMatchObject({ message: "loop (data left out: not JSON)" });
  });
});
