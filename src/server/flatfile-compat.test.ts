/**
 * Wire compatibility with Flatfile's own TypeScript client: the job flows of Flatfile's "Jobs" guide
 * (../../shared/seed/flatfile-jobs.txt) run through the real, unmodified `@flatfile/api@1.9.19` against a real server,
 * configured only through `FLATFILE_API_URL` and `FLATFILE_API_KEY`, as a listener would be.
 *
 * What the 1.9.19 client does to requests before they leave (its serializers run with `unrecognizedObjectKeys: "strip"`
 * and validate enums):
 * - `jobs.update` (`JobUpdate`: config, status, progress, outcomeAcknowledgedAt, info) strips `estimatedCompletionAt`
 *   and `metadata`, although the guide shows `api.jobs.update(jobId, { progress, estimatedCompletionAt })`.
 * - `jobs.create` (`JobConfig`) strips `spaceId` and `estimatedCompletionAt`.
 * - `next: {type: "snapshot"}` loses its `label` (1.9.19's `JobOutcomeNextSnapshot` has none).
 * - `next: {type: "clearFilters"}` is refused client-side ("Expected enum"), so that case goes over plain fetch.
 * - `status: "cancelled"` is refused client-side; only "canceled" can be sent.
 * - `jobs.update`'s `config` is serialized through 1.9.19's `JobUpdateConfig` union, so a free-form object arrives as
 *   `{}` (not exercised here: it would overwrite the job's config).
 * - The client retries 408/409/429/5xx twice, so one refused call reaches the server three times: harmless, since a
 *   refused call changes nothing and publishes nothing (checked below by the event log).
 * And to responses: fields its `Job` type knows are parsed (`createdAt`, `startedAt`, ... become `Date`s); fields it
 * does not know (`spaceId`, `estimatedCompletionAt`, `claimedBy`, `createdBy`, ...) pass through untouched, as strings.
 */
import { FlatfileClient, type Flatfile } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectApiError, startFlatfileTestServer } from "./testing/flatfile-env";
import type { TestServer } from "./testing/test-server";

const WORKBOOK_ID = "us_wb_custom1";
const OPERATION = "myCustomOperation";

/** A job as this server returns it: 1.9.19's `Job` lacks these fields, which pass through as JSON strings. */
type ServerJob = Flatfile.Job & { spaceId?: string; estimatedCompletionAt?: string };

type LoggedEvent = {
  id: string;
  topic: string;
  position: number;
  context: { jobId?: string; spaceId?: string };
  payload: Record<string, unknown>;
};

/** The outcome `next` of each case of the guide, one job each. */
const NEXT_CASES: Record<string, Flatfile.JobOutcomeNext> = {
  id: { type: "id", id: "us_sp_1234", path: "files", query: "mode=export", label: "See all downloads" },
  url: { type: "url", url: "http://www.google.com", label: "Go to Google" },
  download: {
    type: "download",
    fileName: "DownloadedFromFlatfile.csv",
    url: "source_of_file.csv",
    label: "Download this file",
  },
  files: { type: "files", label: "Download files", files: [{ fileId: "us_fl_123" }] },
  // The guide passes a label; 1.9.19's type has none, and its serializer strips it (asserted below).
  snapshot: {
    type: "snapshot",
    label: "Go to Snapshot",
    snapshotId: "us_ss_123",
    sheetId: "us_sh_123",
  } as Flatfile.JobOutcomeNext,
  view: {
    type: "view",
    label: "Hide columns",
    sheetId: "us_sh_123",
    hiddenColumns: ["age", "phone", "middleName"],
  },
  retry: { type: "retry", label: "Try again" },
  wait: { type: "wait", fade: true, confetti: true },
};

describe("@flatfile/api@1.9.19 against this server", () => {
  let server: TestServer;
  let api: FlatfileClient;
  /** The topics each job must have published, in order, filled in as the flows run. */
  const expected = new Map<string, string[]>();
  const expectTopics = (jobId: string, ...topics: string[]) =>
    expected.set(jobId, [...(expected.get(jobId) ?? []), ...topics]);
  let spaceId = "";
  const customJobIds: string[] = [];

  /** A custom job as the guide creates it in a listener; `ready` at once. */
  async function createCustomJob(): Promise<Flatfile.Job> {
    const { data } = await api.jobs.create({
      type: "workbook",
      operation: OPERATION,
      trigger: "immediate",
      source: WORKBOOK_ID,
    });
    expect(data.status).toBe("ready");
    expect(data.type).toBe("workbook");
    expect(data.operation).toBe(OPERATION);
    expect(data.source).toBe(WORKBOOK_ID);
    customJobIds.push(data.id);
    expectTopics(data.id, "job:created", "job:ready");
    return data;
  }

  beforeAll(async () => {
    server = await startFlatfileTestServer();
    // Configured by the environment only, read lazily by the client's suppliers.
    api = new FlatfileClient();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("creates a space, which creates its space:configure job", async () => {
    const { data: space } = await api.spaces.create({ name: "Compat space" });
    expect(space.id).toMatch(/^us_sp_/);
    expect(space.name).toBe("Compat space");
    spaceId = space.id;

    const { data: jobs } = await api.jobs.list({ spaceId });
    expect(jobs.map((j) => `${j.type}:${j.operation}`)).toEqual(["space:configure"]);
    expect(jobs[0]?.status).toBe("ready");
    expect(jobs[0]?.trigger).toBe("immediate");
  });

  it("runs ack → update → complete, one job per outcome `next` type", async () => {
    for (const [name, next] of Object.entries(NEXT_CASES)) {
      const job = await createCustomJob();

      const { data: acked } = await api.jobs.ack(job.id, { info: "Starting submit job...", progress: 10 });
      expect(acked.status).toBe("executing");
      expect(acked.progress).toBe(10);
      expect(acked.info).toBe("Starting submit job...");
      expect(acked.startedAt).toBeInstanceOf(Date);
      expectTopics(job.id, "job:updated");

      // As in the guide; 1.9.19's JobUpdate has no estimatedCompletionAt nor metadata, so both are stripped.
      const update = {
        progress: 50,
        info: "Halfway there",
        estimatedCompletionAt: new Date("2030-08-23T23:19:42Z"),
        metadata: { step: 2 },
      };
      const { data: updated } = await api.jobs.update(job.id, update as Flatfile.JobUpdate);
      expect(updated.status).toBe("executing");
      expect(updated.progress).toBe(50);
      expect(updated.info).toBe("Halfway there");
      expect((updated as ServerJob).estimatedCompletionAt).toBeUndefined();
      expect(updated.metadata).toEqual({});
      expectTopics(job.id, "job:updated");

      const message = `Operation was completed succesfully (${name}).`;
      const { data: completed } = await api.jobs.complete(job.id, {
        outcome: { message, acknowledge: true, next },
      });
      expect(completed.status).toBe("complete");
      expect(completed.progress).toBe(100);
      expect(completed.finishedAt).toBeTruthy();
      expect(completed.outcome?.message).toBe(message);
      expect(completed.outcome?.acknowledge).toBe(true);
      if (name === "snapshot") {
        expect(completed.outcome?.next).toEqual({
          type: "snapshot",
          snapshotId: "us_ss_123",
          sheetId: "us_sh_123",
        });
      } else {
        expect(completed.outcome?.next).toEqual(next);
      }
      expectTopics(job.id, "job:completed");

      const { data: read } = await api.jobs.get(job.id);
      expect(read.status).toBe("complete");
      expect(read.outcome).toEqual(completed.outcome);
    }
  });

  it("accepts next: clearFilters, which 1.9.19 refuses client-side, over plain fetch", async () => {
    const job = await createCustomJob();
    const next = { type: "clearFilters", sheetIds: ["us_sh_123"], label: "Clear filters" };
    await expect(
      api.jobs.complete(job.id, { outcome: { next: next as unknown as Flatfile.JobOutcomeNext } }),
    ).rejects.toThrow(/clearFilters/);
    const { status, body } = await server.call("POST", `/jobs/${job.id}/complete`, {
      body: { outcome: { message: "Filters cleared", next } },
    });
    expect(status).toBe(200);
    expect(body.data.status).toBe("complete");
    expect(body.data.outcome.next).toEqual(next);
    expectTopics(job.id, "job:completed");
  });

  it("fails a job, retries it to ready, and runs it again", async () => {
    const job = await createCustomJob();
    const estimate = new Date("2030-01-01T00:00:00.000Z");
    const { data: acked } = await api.jobs.ack(job.id, {
      info: "Starting my custom operation.",
      progress: 10,
      estimatedCompletionAt: estimate,
    });
    // The ack's estimate (a Date) goes out as ISO-8601 and comes back as the same instant.
    expect((acked as ServerJob).estimatedCompletionAt).toBe(estimate.toISOString());
    expectTopics(job.id, "job:updated");

    const { data: failed } = await api.jobs.fail(job.id, {
      outcome: {
        message: "Custom operation failed.",
        acknowledge: true,
        next: { type: "retry", label: "Try again" },
      },
    });
    expect(failed.status).toBe("failed");
    expect(failed.outcome?.message).toBe("Custom operation failed.");
    expect(failed.finishedAt).toBeTruthy();
    expectTopics(job.id, "job:failed");

    const { data: retried } = await api.jobs.retry(job.id);
    expect(retried.status).toBe("ready");
    expect(retried.progress).toBe(0);
    expect(retried.info).toBeUndefined();
    expect(retried.outcome).toBeUndefined();
    expect(retried.finishedAt).toBeUndefined();
    expectTopics(job.id, "job:ready");

    await api.jobs.ack(job.id, { info: "Second attempt", progress: 10 });
    const { data: completed } = await api.jobs.complete(job.id, {
      outcome: { message: "Done on the second attempt." },
    });
    expect(completed.status).toBe("complete");
    expectTopics(job.id, "job:updated", "job:completed");
  });

  it("cancels a ready job (no body) and an executing one (with info), then retries a canceled job", async () => {
    const ready = await createCustomJob();
    const { data: canceled } = await api.jobs.cancel(ready.id);
    expect(canceled.status).toBe("canceled");
    expect(canceled.finishedAt).toBeTruthy();
    expectTopics(ready.id, "job:updated");

    const running = await createCustomJob();
    await api.jobs.ack(running.id, { info: "Working", progress: 30 });
    expectTopics(running.id, "job:updated");
    const { data: canceledWithInfo } = await api.jobs.cancel(running.id, {
      info: "Canceled by the operator",
    });
    expect(canceledWithInfo.status).toBe("canceled");
    expect(canceledWithInfo.info).toBe("Canceled by the operator");
    expectTopics(running.id, "job:updated");

    const { data: retried } = await api.jobs.retry(ready.id);
    expect(retried.status).toBe("ready");
    expectTopics(ready.id, "job:ready");
  });

  it("acknowledges an outcome once (ackOutcome is idempotent)", async () => {
    const job = await createCustomJob();
    await api.jobs.complete(job.id, {
      outcome: { message: "Done", acknowledge: true, buttonText: "Got it" },
    });
    expectTopics(job.id, "job:completed");

    // 1.9.19 names it `ackOutcome` (POST /jobs/{id}/outcome/ack); there is no `acknowledgeOutcome`.
    const { data: first } = await api.jobs.ackOutcome(job.id);
    expect(first.outcomeAcknowledgedAt).toBeTruthy();
    expectTopics(job.id, "job:outcome-acknowledged");
    const { data: second } = await api.jobs.ackOutcome(job.id);
    expect(second.outcomeAcknowledgedAt).toEqual(first.outcomeAcknowledgedAt);
  });

  it("surfaces a refused call as FlatfileError 409 and bad input as FlatfileError 400", async () => {
    const done = customJobIds[0] as string;
    const refused = await expectApiError(
      () => api.jobs.complete(done, { outcome: { message: "again" } }),
      409,
    );
    expect((refused.body as { errors: { message: string }[] }).errors[0]?.message).toContain(
      'status is "complete"',
    );
    await expectApiError(() => api.jobs.ack(done, { progress: 20 }), 409);
    await expectApiError(() => api.jobs.fail(done), 409);
    await expectApiError(() => api.jobs.cancel(done), 409);
    await expectApiError(() => api.jobs.retry(done), 409);

    const job = await createCustomJob();
    await expectApiError(() => api.jobs.ackOutcome(job.id), 409);
    const tooFar = await expectApiError(() => api.jobs.ack(job.id, { progress: 150 }), 400);
    expect((tooFar.body as { errors: { key?: string }[] }).errors[0]?.key).toBe("progress");
    const badOperation = await expectApiError(
      () => api.jobs.create({ type: "workbook", operation: "not an operation!", source: WORKBOOK_ID }),
      400,
    );
    expect((badOperation.body as { errors: { key?: string }[] }).errors[0]?.key).toBe("operation");
    await expectApiError(() => api.jobs.get("us_jb_doesnotexist"), 404);

    // Nothing above changed the job.
    const { data: still } = await api.jobs.get(job.id);
    expect(still.status).toBe("ready");
    expect(still.progress).toBe(0);
  });

  it("lists jobs by space and by workbook, page by page, and gets each", async () => {
    // One custom job on the space itself, so the space has two jobs to page through.
    const { data: spaceJob } = await api.jobs.create({
      type: "space",
      operation: OPERATION,
      trigger: "immediate",
      source: spaceId,
    });
    expect((spaceJob as ServerJob).spaceId).toBe(spaceId);
    expectTopics(spaceJob.id, "job:created", "job:ready");

    const page1 = await api.jobs.list({ spaceId, pageSize: 1, pageNumber: 1 });
    const page2 = await api.jobs.list({ spaceId, pageSize: 1, pageNumber: 2 });
    const page3 = await api.jobs.list({ spaceId, pageSize: 1, pageNumber: 3 });
    // Our additive keyset cursor reaches Flatfile's client untouched beside its three fields.
    expect(page1.pagination).toEqual({
      currentPage: 1,
      pageCount: 2,
      totalCount: 2,
      nextCursor: expect.any(String),
    });
    expect(page2.pagination?.currentPage).toBe(2);
    expect(page3.data).toEqual([]);
    const spaceOps = [...page1.data, ...page2.data].map((j) => `${j.type}:${j.operation}`).sort();
    expect(spaceOps).toEqual(["space:configure", `space:${OPERATION}`]);

    const seen: string[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const { data, pagination } = await api.jobs.list({
        workbookId: WORKBOOK_ID,
        pageSize: 4,
        pageNumber,
        sortDirection: "asc",
      });
      seen.push(...data.map((j) => j.id));
      if (!pagination || pageNumber >= pagination.pageCount) break;
    }
    expect(seen).toEqual(customJobIds);

    for (const id of seen) {
      const { data } = await api.jobs.get(id);
      expect(data.id).toBe(id);
      expect(`${data.type}:${data.operation}`).toBe(`workbook:${OPERATION}`);
    }
  });

  it("lists and gets events through the client", async () => {
    const { data: events } = await api.events.list({ spaceId, pageSize: 100 });
    const topics = events.map((e) => e.topic as string);
    expect(topics).toContain("space:created");
    expect(topics).toContain("job:ready");
    for (const event of events) expect(event.context.spaceId).toBe(spaceId);

    const first = events[0];
    expect(first).toBeDefined();
    const { data: read } = await api.events.get(first!.id);
    expect(read.id).toBe(first!.id);
    expect(read.topic).toBe(first!.topic);
    expect(read.payload).toEqual(first!.payload);
  });

  it("published exactly the spec's events, in order, for every job", async () => {
    const log: LoggedEvent[] = await server.allEvents({ pageSize: 100 });
    const positions = log.map((e) => e.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);

    expect(expected.size).toBeGreaterThan(Object.keys(NEXT_CASES).length);
    for (const [jobId, topics] of expected) {
      const events = log.filter((e) => e.context.jobId === jobId);
      expect(
        events.map((e) => e.topic),
        jobId,
      ).toEqual(topics);
      for (const event of events) {
        expect(event.payload.job).toBe(
          customJobIds.includes(jobId) ? `workbook:${OPERATION}` : `space:${OPERATION}`,
        );
        expect(event.payload.operation).toBe(OPERATION);
      }
      // A canceled job's job:updated says so.
      const { data: job } = await api.jobs.get(jobId);
      if (job.status === "canceled") expect(events.at(-1)?.payload.status).toBe("canceled");
    }
    // The job canceled with info carries it in the event.
    const canceledWithInfo = log.find(
      (e) =>
        e.topic === "job:updated" &&
        e.payload.status === "canceled" &&
        e.payload.info === "Canceled by the operator",
    );
    expect(canceledWithInfo).toBeDefined();
    // The acknowledgement names the final status.
    const acked = log.filter((e) => e.topic === "job:outcome-acknowledged");
    expect(acked).toHaveLength(1);
    expect(acked[0]?.payload.status).toBe("complete");
    // Each job's first update carries the ack's progress, its second the update's.
    const firstCase = customJobIds[0] as string;
    expect(
      log
        .filter((e) => e.context.jobId === firstCase && e.topic === "job:updated")
        .map((e) => [e.payload.status, e.payload.progress, e.payload.info]),
    ).toEqual([
      ["executing", 10, "Starting submit job..."],
      ["executing", 50, "Halfway there"],
    ]);
  });
});
