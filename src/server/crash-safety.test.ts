import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./testing/free-port";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const ROOT = resolve(import.meta.dirname, "../..");
const SECRET_KEY = "sk_crash_" + crypto.randomUUID().replaceAll("-", "");
const WRITE_FOR_MS = 1_500;
const LOOPS = 4;

const children = new Set<ChildProcess>();
let dataDir: string;

type Child = { process: ChildProcess; base: string; output: () => string };

/** Starts `node --import tsx src/server/main.ts` on the data folder and waits until /v1/health answers. */
async function startChild(): Promise<Child> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      API_SECRET_KEY: SECRET_KEY,
      WEB_DIR: join(dataDir, "no-dashboard"),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));

  const base = `http://127.0.0.1:${port}/v1`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`the server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { process: child, base, output: () => output };
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once("exit", () => done());
    child.kill("SIGKILL");
  });
}

async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(base + path, {
    method,
    headers: { authorization: `Bearer ${SECRET_KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const RANK: Record<string, number> = { ready: 1, executing: 2, complete: 3, failed: 3 };

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), "jobs-crash-"));
});

afterAll(async () => {
  await Promise.all([...children].map((child) => kill(child)));
  rmSync(dataDir, { recursive: true, force: true });
});

describe("crash safety", () => {
  it("every write acknowledged before a SIGKILL is there after a restart, with its events, in a gapless log", async () => {
    const first = await startChild();
    const space = await api(first.base, "POST", "/spaces", { name: "crash" });
    expect(space.status).toBe(200);
    const spaceId = space.body.data.id as string;

    /** The furthest status each job was acknowledged (HTTP 200) to have reached. */
    const acknowledged = new Map<string, string>();
    let stop = false;
    let round = 0;
    const loop = async (n: number) => {
      try {
        while (!stop) {
          const created = await api(first.base, "POST", "/jobs", {
            type: "workbook",
            operation: `crash-${n}`,
            source: "us_wb_crash",
            spaceId,
            trigger: "immediate",
            info: `round ${round++}`,
          });
          if (created.status !== 200) throw new Error(`create: ${created.status}`);
          const id = created.body.data.id as string;
          acknowledged.set(id, created.body.data.status);
          const acked = await api(first.base, "POST", `/jobs/${id}/ack`, { progress: 50 });
          if (acked.status !== 200) throw new Error(`ack: ${acked.status}`);
          acknowledged.set(id, acked.body.data.status);
          const how = round % 4 === 0 ? "fail" : "complete";
          const finished = await api(first.base, "POST", `/jobs/${id}/${how}`, { info: "finished" });
          if (finished.status !== 200) throw new Error(`${how}: ${finished.status}`);
          acknowledged.set(id, finished.body.data.status);
        }
      } catch {
        // The server was killed under this loop: whatever had not answered yet is not acknowledged.
      }
    };
    const loops = Array.from({ length: LOOPS }, (_, n) => loop(n));
    await new Promise((r) => setTimeout(r, WRITE_FOR_MS));
    await kill(first.process);
    stop = true;
    await Promise.all(loops);

    expect(first.process.signalCode).toBe("SIGKILL");
    expect(acknowledged.size).toBeGreaterThan(10);

    const second = await startChild();
    try {
      // Every acknowledged job exists, at least as far along as it was acknowledged to be.
      for (const [id, status] of acknowledged) {
        const response = await api(second.base, "GET", `/jobs/${id}`);
        expect(response.status, `job ${id} (acknowledged ${status})`).toBe(200);
        const stored = response.body.data.status as string;
        expect(RANK[stored], `job ${id}: acknowledged ${status}, stored ${stored}`).toBeGreaterThanOrEqual(
          RANK[status]!,
        );
        if (status === "complete" || status === "failed") expect(stored).toBe(status);
      }

      // The log: every page, gapless positions 1..N.
      const events: Json[] = [];
      for (let page = 1; ; page++) {
        const response = await api(
          second.base,
          "GET",
          `/events?includeAcknowledged=true&pageSize=1000&pageNumber=${page}`,
        );
        expect(response.status).toBe(200);
        events.push(...response.body.data);
        if (page >= response.body.pagination.pageCount) break;
      }
      expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));

      const topicsOf = new Map<string, string[]>();
      for (const event of events) {
        const jobId = event.context.jobId as string | undefined;
        if (jobId) topicsOf.set(jobId, [...(topicsOf.get(jobId) ?? []), event.topic]);
      }
      for (const [id, status] of acknowledged) {
        const topics = topicsOf.get(id) ?? [];
        expect(topics, `events of ${id}`).toContain("job:created");
        expect(topics).toContain("job:ready");
        if (RANK[status]! >= 2) expect(topics).toContain("job:updated");
        if (status === "complete") expect(topics).toContain("job:completed");
        if (status === "failed") expect(topics).toContain("job:failed");
      }

      // Every committed change has its event, including those whose answer the crash swallowed.
      const jobs = await api(second.base, "GET", `/jobs?spaceId=${spaceId}&pageSize=1000`);
      expect(jobs.body.pagination.totalCount).toBe(jobs.body.data.length);
      expect(jobs.body.data.length).toBeGreaterThanOrEqual(acknowledged.size);
      for (const job of jobs.body.data as Json[]) {
        const topics = topicsOf.get(job.id) ?? [];
        if (job.type === "space") continue;
        expect(topics.slice(0, 2)).toEqual(["job:created", "job:ready"]);
        const finals = topics.filter((t) => t === "job:completed" || t === "job:failed");
        if (job.status === "complete") expect(finals).toEqual(["job:completed"]);
        else if (job.status === "failed") expect(finals).toEqual(["job:failed"]);
        else expect(finals).toEqual([]);
        expect(topics.includes("job:updated")).toBe(job.status !== "ready");
      }

      // And the restarted server takes writes again, continuing the log.
      const after = await api(second.base, "POST", "/jobs", {
        type: "workbook",
        operation: "after",
        source: "us_wb_crash",
        spaceId,
      });
      expect(after.status).toBe(200);
      const tail = await api(
        second.base,
        "GET",
        `/events?includeAcknowledged=true&pageSize=1&pageNumber=${events.length + 1}`,
      );
      expect(tail.body.data[0]).toMatchObject({ position: events.length + 1, topic: "job:created" });
    } finally {
      await kill(second.process);
    }
  });
});
