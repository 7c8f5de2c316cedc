/**
 * The demo listener, mounted in-process against a real server (a child process, reached over HTTP like any
 * listener): a new space is built by its `space:configure` handler, then every action it mounts is run as an end
 * user runs it (a user token creating the job with the form's input or the record selection), and each one must
 * end in the state and outcome it is meant to.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isFileWorkbook } from "../core";
import {
  createClient,
  createListener,
  silentLogger,
  ConflictError,
  ValidationError,
  type ApiClient,
  type Listener,
} from "../sdk";
import { memoryLogger, sleep } from "../sdk/testing/helpers";
import { startServerProcess, type ServerProcess } from "../sdk/testing/server-process";
import { CONTACT_COLUMNS } from "./actions/contact-details";
import { REPORT_FILE_NAME, REPORT_PATH } from "./actions/download-report";
import { REPORT_URL } from "./actions/publish-report";
import {
  actionsFor,
  CONFIGURE_JOB,
  CUSTOM_JOB,
  DEMO_ACTIONS,
  jobName,
  registerDemo,
  WORKBOOK_NAME,
} from "./index";
import type { Job, Sheet, SheetRecord } from "./kit";
import { DOCUMENT_TITLE, IMPORT_FILE_NAME, SAMPLE_FILE_NAME } from "./sample-data";

type Workbook = Awaited<ReturnType<ApiClient["workbooks"]["get"]>>;
type SpaceFile = Awaited<ReturnType<ApiClient["files"]["get"]>>;
type SpaceDocument = Awaited<ReturnType<ApiClient["documents"]["get"]>>;
type JobInput = Parameters<ApiClient["jobs"]["create"]>[0];

const FINAL = ["complete", "failed", "canceled"];

let server: ServerProcess;
let admin: ApiClient;
let user: ApiClient;
let demo: Listener;
let watcher: Listener;
const logger = memoryLogger();

let spaceId: string;
let workbook: Workbook;
let sheet: Sheet;
let document: SpaceDocument;
let file: SpaceFile;

/** The `job:updated` events of export jobs, with the job's estimate read when each arrived. */
const exportTicks: { jobId: string; progress: number; info: string; estimatedCompletionAt?: string }[] = [];
/** The job names the tests ran, to check that none of the demo's actions was left out. */
const ran = new Set<string>();

/** Resolves with the job once it reaches one of `statuses` (a final one by default). */
async function settle(jobId: string, statuses = FINAL, timeoutMs = 20_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await admin.jobs.get(jobId);
    if (statuses.includes(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(
        `job ${job.operation} is still ${job.status} (${job.info ?? ""}) after ${timeoutMs} ms`,
      );
    await sleep(50);
  }
}

/** Creates the job of a mounted action with the user's token, as the dashboard does when the action is clicked. */
async function click(input: Omit<JobInput, "trigger">): Promise<Job> {
  ran.add(`${input.type}:${input.operation}`);
  return user.jobs.create({ ...input, trigger: "immediate" });
}

async function run(input: Omit<JobInput, "trigger">): Promise<Job> {
  return settle((await click(input)).id);
}

async function records(): Promise<SheetRecord[]> {
  return (await admin.records.get(sheet.id, { pageSize: 1000 })).records;
}

const status = (record: SheetRecord | undefined) => record?.values.status?.value;

beforeAll(async () => {
  server = await startServerProcess();
  admin = createClient({ baseUrl: server.baseUrl, token: server.secretKey });
  demo = registerDemo(createListener({ logger }));
  await demo.mount({ baseUrl: server.baseUrl, token: server.secretKey });

  watcher = createListener({ logger: silentLogger });
  watcher.on("job:updated", { job: "workbook:export" }, async (event, { api }) => {
    const jobId = event.context.jobId!;
    const job = await api.jobs.get(jobId);
    exportTicks.push({
      jobId,
      progress: Number(event.payload.progress),
      info: String(event.payload.info),
      estimatedCompletionAt: job.estimatedCompletionAt,
    });
  });
  await watcher.mount({ baseUrl: server.baseUrl, token: server.secretKey });
}, 30_000);

afterAll(async () => {
  await watcher?.unmount();
  await demo?.unmount();
  await server?.stop();
});

describe("space:configure", () => {
  it("builds the workbook, 60 contacts (some invalid), the document, the file and the space's metadata", async () => {
    const space = await admin.spaces.create({ name: "Demo test", metadata: { demo: true } });
    spaceId = space.id;
    const { data: jobs } = await admin.jobs.list({ spaceId, type: "space" });
    expect(jobs).toHaveLength(1);
    const configure = await settle(jobs[0]!.id);
    expect(`${configure.type}:${configure.operation}`).toBe(CONFIGURE_JOB);
    expect(configure).toMatchObject({ status: "complete", progress: 100 });
    expect(configure.outcome?.message).toContain(WORKBOOK_NAME);

    // It acked with info and progress, then reported each step.
    const { data: updates } = await admin.events.list({ spaceId, topic: "job:updated", pageSize: 100 });
    const steps = updates.filter((e) => e.context.jobId === configure.id).map((e) => e.payload.info);
    expect(steps[0]).toBe("Setting up the October report");
    expect(new Set(steps).size).toBeGreaterThanOrEqual(5);

    const { data: all } = await admin.workbooks.list({ spaceId });
    const workbooks = all.filter((w) => !isFileWorkbook(w));
    expect(workbooks.map((w) => w.name)).toEqual([WORKBOOK_NAME]);
    workbook = workbooks[0]!;
    // The demo space also gets a file to import, which the platform extracts into a workbook of its own.
    const { data: imports } = await admin.files.list({ spaceId, mode: "import" });
    // ... before the space's configure job ends, so whoever opens the space finds it ready to import.
    expect(imports.map((f) => [f.name, f.status])).toEqual([[IMPORT_FILE_NAME, "complete"]]);
    expect(workbook.actions.map((a) => a.operation)).toEqual(actionsFor("workbook").map((a) => a.operation));
    expect(workbook.actions.find((a) => a.primary)).toMatchObject({
      operation: "export",
      mode: "foreground",
      confirm: true,
      description: expect.any(String),
    });
    expect(workbook.sheets).toHaveLength(1);
    sheet = await admin.sheets.get(workbook.sheets[0]!.id);
    expect(sheet.slug).toBe("contacts");
    expect(sheet.config.fields.map((f) => `${f.key}:${f.type}`)).toEqual([
      "firstName:string",
      "lastName:string",
      "email:string",
      "company:string",
      "age:number",
      "status:enum",
      "signupDate:date",
    ]);
    expect(sheet.config.fields.find((f) => f.key === "status")?.config?.options?.[0]).toMatchObject({
      value: "new",
      label: "New",
    });
    expect(sheet.config.actions?.map((a) => a.operation)).toEqual(
      actionsFor("sheet").map((a) => a.operation),
    );
    expect(sheet.recordCounts).toEqual({ total: 60, valid: 54, error: 6 });
    const invalid = await admin.records.get(sheet.id, { filter: "error" });
    const problems = invalid.records.flatMap((r) => Object.entries(r.values).filter(([, c]) => !c.valid));
    expect(new Set(problems.map(([key]) => key))).toEqual(
      new Set(["lastName", "email", "age", "status", "signupDate"]),
    );

    const documents = await admin.documents.list(spaceId);
    expect(documents.map((d) => d.title)).toEqual([DOCUMENT_TITLE]);
    document = documents[0]!;
    expect(document.body).toContain("# Welcome");
    expect(document.actions.map((a) => a.operation)).toEqual(["refresh-stats"]);
    // It also runs by itself: the server's scheduler keeps its next run.
    expect(document.actions[0]?.schedule).toBe("hourly");

    const { data: files } = await admin.files.list({ spaceId, mode: "export" });
    expect(files.map((f) => f.name)).toEqual([SAMPLE_FILE_NAME]);
    file = files[0]!;
    expect(file).toMatchObject({ mode: "export", mimetype: expect.stringContaining("csv") });
    expect(file.actions.map((a) => a.operation)).toEqual(["inspect"]);

    const configured = await admin.spaces.get(spaceId);
    expect(configured.primaryWorkbookId).toBe(workbook.id);
    expect(configured.metadata).toMatchObject({
      demo: true,
      configuredBy: "demo-listener",
      resources: { workbookId: workbook.id, sheetId: sheet.id, documentId: document.id, fileId: file.id },
    });

    const token = await admin.auth.createToken({ role: "user", spaceId, subject: "demo-test-user" });
    user = createClient({ baseUrl: server.baseUrl, token: token.token });
  });
});

describe("a space that is not the demo's", () => {
  it("is left alone: its space:configure job stays ready for its own listener, and nothing is added", async () => {
    const space = await admin.spaces.create({ name: "An operator's own space" });
    const { data: jobs } = await admin.jobs.list({ spaceId: space.id, type: "space" });
    expect(jobs).toHaveLength(1);
    const configureId = jobs[0]!.id;
    // The listener read the job and declined it before claiming it.
    await expect
      .poll(() => logger.lines.some((line) => line.message.startsWith(`job ${configureId} declined here`)))
      .toBe(true);

    const job = await admin.jobs.get(configureId);
    expect(job).toMatchObject({ status: "ready", progress: 0 });
    expect(job.claimedBy).toBeUndefined();
    expect((await admin.workbooks.list({ spaceId: space.id })).data).toEqual([]);
    expect(await admin.documents.list(space.id)).toEqual([]);
    expect((await admin.files.list({ spaceId: space.id })).data).toEqual([]);
    expect((await admin.spaces.get(space.id)).metadata).toEqual({});
    // Gone, so the watchdog has nothing of it to fail later in this run.
    await admin.spaces.delete(space.id);
  });
});

describe("every action, run as an end user", () => {
  let exportJob: Job;

  beforeAll(async () => {
    // The export takes about six seconds: it runs while the other actions are tried.
    exportJob = await click({ type: "workbook", operation: "export", source: workbook.id });
  });

  it("Export Data: a foreground job with progress ticks and estimates, ending with the exported file", async () => {
    const job = await settle(exportJob.id);
    expect(job).toMatchObject({ status: "complete", mode: "foreground", progress: 100 });
    expect(job.outcome).toMatchObject({ heading: "Export ready", acknowledge: true });
    const next = job.outcome?.next;
    if (next?.type !== "files") throw new Error(`expected next files, got ${next?.type}`);
    const exported = await user.files.get(next.files[0]!.fileId);
    expect(exported).toMatchObject({ mode: "export", spaceId });
    const csv = await (await user.files.download(exported.id, { as: "blob" })).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("firstName,lastName,email,company,age,status,signupDate,valid");
    expect(lines).toHaveLength(61);

    const ticks = exportTicks.filter((t) => t.jobId === job.id && t.progress > 0);
    expect(ticks.length).toBeGreaterThanOrEqual(6);
    const progress = ticks.map((t) => t.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(progress).size).toBe(progress.length);
    expect(new Set(ticks.map((t) => t.info)).size).toBe(ticks.length);
    const estimates = ticks.map((t) => Date.parse(t.estimatedCompletionAt ?? ""));
    for (const estimate of estimates) expect(estimate).toBeGreaterThan(Date.parse(job.startedAt!));
    // The estimate holds steady (it is computed from the work left) and is close to the real end.
    expect(Math.max(...estimates) - Math.min(...estimates)).toBeLessThan(2_000);
    expect(Math.abs(estimates.at(-1)! - Date.parse(job.finishedAt!))).toBeLessThan(2_000);
    const seconds = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
    expect(seconds).toBeGreaterThan(4);
    // Its steps are in its log, the contacts with errors as a warning; the user reads them as the dashboard does.
    const log = (await user.jobs.logs(exportJob.id)).lines;
    expect(log[0]?.message).toBe("Read 60 contacts from Contacts");
    expect(log.filter((line) => line.message.startsWith("Formatted contacts"))).toHaveLength(5);
    expect(log.find((line) => line.level === "warn")?.message).toMatch(/^\d+ contacts have errors/);
    expect(log.at(-1)?.message).toMatch(/^Uploaded october-report-/);
  }, 30_000);

  it("Submit: input that does not fit the form is refused with 400 before any job exists", async () => {
    const base = { type: "workbook" as const, operation: "submit", source: workbook.id };
    const refusals: [Record<string, unknown>, string][] = [
      [{ destination: "crm" }, "input.recipient"],
      [{ destination: "fax", recipient: "a@b.example" }, "input.destination"],
      [{ destination: "crm", recipient: "a@b.example", batchSize: "ten" }, "input.batchSize"],
      [{ destination: "crm", recipient: "a@b.example", includeInvalid: "yes" }, "input.includeInvalid"],
      [{ destination: "crm", recipient: 42 }, "input.recipient"],
    ];
    for (const [input, key] of refusals) {
      const error = await click({ ...base, input }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).errors.map((e) => e.key)).toContain(key);
    }
    const { pagination } = await admin.jobs.list({ spaceId, operation: "submit" });
    expect(pagination.totalCount).toBe(0);
  });

  it("Submit: a background job whose outcome repeats the form's input and waits for acknowledgement", async () => {
    const input = {
      destination: "warehouse",
      recipient: "finance@northwind.example",
      batchSize: 20,
      includeInvalid: false,
      note: "October numbers,\nplease check by Friday",
    };
    const job = await run({ type: "workbook", operation: "submit", source: workbook.id, input });
    expect(job).toMatchObject({ status: "complete", mode: "background", input });
    expect(job.outcome).toMatchObject({ heading: "Submitted", acknowledge: true });
    const message = job.outcome?.message ?? "";
    expect(message).toContain("Sent 54 contacts to Data warehouse in 3 batches of up to 20");
    expect(message).toContain("Destination: Data warehouse (warehouse)");
    expect(message).toContain(`Summary sent to: ${input.recipient}`);
    expect(message).toContain("left out (6)");
    expect(message).toContain(`Note: ${input.note}`);
    const acknowledged = await user.jobs.ackOutcome(job.id);
    expect(acknowledged.outcomeAcknowledgedAt).toBeDefined();
  });

  it("Validate all: a toolbarBlocking job that reports the errors per field", async () => {
    const job = await run({ type: "workbook", operation: "validate-all", source: workbook.id });
    expect(job).toMatchObject({ status: "complete", mode: "toolbarBlocking" });
    expect(job.outcome?.message).toContain("Checked 60 contacts: 54 valid, 6 with errors.");
    expect(job.outcome?.message).toContain("Email: 2 with an error");
  });

  it("See exports: next is a link inside the space (id, path, query)", async () => {
    const job = await run({ type: "workbook", operation: "open-exports", source: workbook.id });
    expect(job.status).toBe("complete");
    expect(job.outcome?.next).toEqual({
      type: "id",
      id: spaceId,
      path: "files",
      query: "mode=export",
      label: "See all downloads",
    });
  });

  it("Publish report: next is an external URL; the summary is kept in the workbook", async () => {
    const job = await run({ type: "workbook", operation: "publish-report", source: workbook.id });
    expect(job.status).toBe("complete");
    expect(job.outcome?.next).toEqual({ type: "url", url: REPORT_URL, label: "Open the report" });
    const { metadata } = await admin.workbooks.get(workbook.id);
    expect(metadata.report).toMatchObject({ url: REPORT_URL, byStatus: expect.any(Object) });
  });

  it("Download report: next is a download of the CSV the dashboard serves", async () => {
    const job = await run({ type: "workbook", operation: "download-report", source: workbook.id });
    expect(job.status).toBe("complete");
    expect(job.outcome?.next).toMatchObject({
      type: "download",
      url: REPORT_PATH,
      fileName: REPORT_FILE_NAME,
    });
    // Vite copies public/ into the built dashboard, which the server serves at "/".
    const publicFile = fileURLToPath(new URL(`../../public${REPORT_PATH}`, import.meta.url));
    expect(existsSync(publicFile)).toBe(true);
    expect(readFileSync(publicFile, "utf8").split("\n")[0]).toContain(",");
  });

  it("Sync to CRM: fails first with next retry, then completes after POST /jobs/{id}/retry", async () => {
    const failed = await run({ type: "workbook", operation: "sync-crm", source: workbook.id });
    expect(failed.status).toBe("failed");
    expect(failed.outcome).toMatchObject({ acknowledge: true, next: { type: "retry", label: "Try again" } });
    expect(failed.metadata.attempts).toBe(1);
    const { lines } = await user.jobs.logs(failed.id, { level: "warn" });
    expect(lines.map((line) => line.level)).toEqual(["warn", "error"]);

    await user.jobs.retry(failed.id);
    const done = await settle(failed.id);
    expect(done.status).toBe("complete");
    expect(done.metadata.attempts).toBe(2);
    expect(done.outcome?.message).toContain("on attempt 2");
    const { data: events } = await admin.events.list({ spaceId, topic: "job:*", pageSize: 1000 });
    const topics = events.filter((e) => e.context.jobId === failed.id).map((e) => e.topic);
    expect(topics.filter((t) => t === "job:failed")).toHaveLength(1);
    expect(topics.filter((t) => t === "job:completed")).toHaveLength(1);
    expect(topics.filter((t) => t === "job:ready")).toHaveLength(2);
  });

  it("Sync to billing: retried automatically after two busy attempts, completes on the third", async () => {
    const done = await run({ type: "workbook", operation: "sync-billing", source: workbook.id });
    expect(done).toMatchObject({
      status: "complete",
      attempt: 3,
      maxAttempts: 3,
      retry: { attempts: 3, backoff: { type: "fixed", delaySeconds: 2 } },
    });
    expect(done.outcome?.message).toContain("on attempt 3");
    expect(done.attempts?.map((a) => [a.attempt, a.reason])).toEqual([
      [1, "The billing service was busy, so nothing was sent."],
      [2, "The billing service was busy, so nothing was sent."],
    ]);
    // At least the 2 s of the policy between the end of one attempt and the start of the next.
    const [first, second] = done.attempts ?? [];
    expect(Date.parse(second!.startedAt!) - Date.parse(first!.finishedAt!)).toBeGreaterThanOrEqual(2_000);
    const { lines } = await user.jobs.logs(done.id, { attempt: 2 });
    expect(lines.map((line) => line.message)).toEqual([
      "Connecting to the billing service (attempt 2)",
      "The billing service answered 503: busy",
    ]);
  });

  it("Mark as contacted: changes exactly the selected records, and the commit starts the custom job", async () => {
    const before = await records();
    const selected = before.filter((r) => r.valid && status(r) !== "contacted").slice(0, 3);
    const ids = selected.map((r) => r.id);
    const job = await run({
      type: "sheet",
      operation: "mark-contacted",
      source: sheet.id,
      subject: { type: "collection", resource: "records", query: { ids } },
    });
    expect(job.status).toBe("complete");
    expect(job.outcome?.message).toBe("Marked 3 contacts as contacted.");

    const after = new Map((await records()).map((r) => [r.id, r]));
    for (const record of before) {
      expect(status(after.get(record.id))).toBe(ids.includes(record.id) ? "contacted" : status(record));
    }

    // The write published commit:created on the contacts sheet: a custom job counted the contacts again.
    const deadline = Date.now() + 10_000;
    let custom: Job | undefined;
    while (!custom && Date.now() < deadline) {
      const { data } = await admin.jobs.list({ spaceId, operation: "myCustomOperation", status: "complete" });
      custom = data.find((j) => j.outcome?.message?.includes("3 updated"));
      if (!custom) await sleep(50);
    }
    expect(custom).toMatchObject({ type: "workbook", source: workbook.id, status: "complete" });
    expect(custom?.outcome?.message).toBe("Contacts changed (3 updated): 60 contacts now, 6 with errors.");
    ran.add(CUSTOM_JOB);
    // The one from the 60 inserted contacts ran too, and nothing looped.
    const { data: all } = await admin.jobs.list({ spaceId, operation: "myCustomOperation" });
    expect(all.map((j) => j.outcome?.message)).toContain(
      "Contacts changed (60 inserted): 60 contacts now, 6 with errors.",
    );
    expect(all.every((j) => j.status === "complete")).toBe(true);
  });

  it("Mark as contacted on a select-all subject: every record matching the filter and search but the exceptions", async () => {
    const before = await records();
    const matching = (await admin.records.get(sheet.id, { filter: "valid", searchValue: "initech" })).records;
    expect(matching.length).toBeGreaterThan(2);
    const exception = matching.find((r) => status(r) !== "contacted")!;
    const job = await run({
      type: "sheet",
      operation: "mark-contacted",
      source: sheet.id,
      subject: {
        type: "collection",
        resource: "records",
        params: { sheetId: sheet.id },
        query: { filter: "valid", searchValue: "initech", exceptions: [exception.id] },
      },
    });
    expect(job.status).toBe("complete");
    const marked = new Set(matching.filter((r) => r.id !== exception.id).map((r) => r.id));
    const after = new Map((await records()).map((r) => [r.id, r]));
    for (const record of before) {
      expect(status(after.get(record.id))).toBe(marked.has(record.id) ? "contacted" : status(record));
    }
  });

  it("Mark as contacted without a selection is refused before it runs, with the reason", async () => {
    // The action has a hasSelection constraint: the server refuses the job, as the dashboard disables the button.
    const error = await user.jobs
      .create({ type: "sheet", operation: "mark-contacted", source: sheet.id, trigger: "immediate" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).message).toContain("Select at least one record first");
  });

  it("Take snapshot: next opens the snapshot it made of the contacts sheet", async () => {
    const job = await run({ type: "sheet", operation: "take-snapshot", source: sheet.id });
    expect(job.status).toBe("complete");
    const next = job.outcome?.next;
    if (next?.type !== "snapshot") throw new Error(`expected next snapshot, got ${next?.type}`);
    expect(next.sheetId).toBe(sheet.id);
    const snapshot = await user.snapshots.get(next.snapshotId);
    expect(snapshot).toMatchObject({ sheetId: sheet.id, recordCount: 60 });
  });

  it("Rows with errors: next downloads a CSV of the invalid contacts with the reason", async () => {
    const job = await run({ type: "sheet", operation: "export-errors", source: sheet.id });
    expect(job.status).toBe("complete");
    const next = job.outcome?.next;
    if (next?.type !== "files") throw new Error(`expected next files, got ${next?.type}`);
    const csv = await (await user.files.download(next.files[0]!.fileId, { as: "blob" })).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/,errors$/);
    expect(lines).toHaveLength(7);
    expect(csv).toContain("Last name is required");
  });

  it("Contact details only: next hides the other columns of the sheet", async () => {
    const job = await run({ type: "sheet", operation: "contact-details", source: sheet.id });
    expect(job.status).toBe("complete");
    expect(job.outcome?.next).toEqual({
      type: "view",
      sheetId: sheet.id,
      hiddenColumns: ["company", "age", "signupDate"],
      label: "Hide the other columns",
    });
    expect(CONTACT_COLUMNS).toHaveLength(4);
  });

  it("Refresh statistics (document action): writes the counts into the page", async () => {
    const job = await run({ type: "document", operation: "refresh-stats", source: document.id });
    expect(job).toMatchObject({ status: "complete", mode: "foreground" });
    const page = await user.documents.get(spaceId, document.id);
    expect(page.body).toContain("# Welcome");
    expect(page.body).toContain("60 contacts, 6 with errors");
    expect(page.body).toMatch(/\| contacted \| \d+ \|/);
  });

  it("Inspect file (file action): reads the stored CSV", async () => {
    const job = await run({ type: "file", operation: "inspect", source: file.id });
    expect(job.status).toBe("complete");
    expect(job.outcome?.message).toBe(
      "5 rows, 6 columns: firstName, lastName, email, company, status, signupDate.\nEmpty cells in email (1).",
    );
  });

  it("covered every action of the demo, and no handler failed unexpectedly", () => {
    const names = [...DEMO_ACTIONS.map((a) => jobName(a.mountedOn, a.action.operation)), CUSTOM_JOB];
    expect([...ran].sort()).toEqual(names.sort());
    const errors = logger.lines.filter((l) => l.level === "error" || l.level === "warn");
    expect(errors.map((l) => l.message)).toEqual([]);
  });
});
