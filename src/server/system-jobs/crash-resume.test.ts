/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { contactsCsv } from "../testing/imports";
import { startMainProcess, type MainProcess } from "../testing/main-process";

/*
 * A server killed (SIGKILL) in the middle of extracting a file, and started again on the same data: the run is resumed
 * from its last committed chunk (decision 017), and the file's sheet ends with every row exactly once.
 */

const ROWS = 150_000;
const SECRET_KEY = "sk_test_crash_resume_0000000000";
let processes: MainProcess[] = [];
let folder: string | undefined;

afterEach(async () => {
  for (const process of processes) await process.dispose();
  processes = [];
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

async function call(
  server: MainProcess,
  method: string,
  path: string,
  body?: BodyInit,
  json = true,
): Promise<any> {
  const headers: Record<string, string> = { authorization: `Bearer ${SECRET_KEY}` };
  if (json && body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${server.baseUrl}/v1${path}`, { method, headers, body });
  const parsed = (await response.json()) as any;
  if (response.status !== 200)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed.data;
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a server killed during an extraction", () => {
  it("resumes the run after a restart and writes every row once", async () => {
    folder = mkdtempSync(join(tmpdir(), "jobs-crash-resume-"));
    const env = {
      DATA_DIR: join(folder, "data"),
      API_SECRET_KEY: SECRET_KEY,
      SYSTEM_JOB_STALE_SECONDS: "1",
    };
    const first = await startMainProcess(env);
    processes.push(first);
    const space = await call(first, "POST", "/spaces", JSON.stringify({ name: "Crash" }));
    const form = new FormData();
    form.set("spaceId", space.id);
    form.set("file", new Blob([contactsCsv(ROWS)]), "contacts.csv");
    const file = await call(first, "POST", "/files", form, false);
    const [job] = await call(first, "GET", `/jobs?fileId=${file.id}`);

    const midway = await until(
      () => call(first, "GET", `/jobs/${job.id}`),
      (j) => j.status === "executing" && j.progress >= 10,
      "the extraction to be under way",
    );
    first.child.kill("SIGKILL");
    await first.exited;
    expect(midway.progress).toBeLessThan(100);

    const second = await startMainProcess(env);
    processes.push(second);
    const done = await until(
      () => call(second, "GET", `/jobs/${job.id}`),
      (j) => j.status === "complete" || j.status === "failed",
      "the resumed extraction to finish",
    );
    expect(done.status).toBe("complete");
    expect(done.outcome.message).toBe(`${ROWS.toLocaleString("en-US")} rows extracted from contacts.csv.`);
    const extracted = await call(second, "GET", `/files/${file.id}`);
    const workbook = await call(second, "GET", `/workbooks/${extracted.workbookId}`);
    expect(workbook.sheets).toHaveLength(1);
    expect(workbook.sheets[0].recordCounts.total).toBe(ROWS);
    // The last rows are there, once, in file order after the ones written before the kill.
    const last = await call(
      second,
      "GET",
      `/sheets/${workbook.sheets[0].id}/records?pageSize=2&pageNumber=${ROWS / 2}`,
    );
    const emailKey = workbook.sheets[0].config.fields[2].key;
    expect(last.records.map((r: any) => r.values[emailKey].value)).toEqual([
      `person-${ROWS - 1}@example.com`,
      `person-${ROWS}@example.com`,
    ]);
    const events = await call(second, "GET", `/events?domain=job&pageSize=1000`);
    const resumed = events.filter(
      (e: any) => e.context.jobId === job.id && e.payload.info === "Resuming where it stopped",
    );
    expect(resumed).toHaveLength(1);
  }, 120_000);
});
