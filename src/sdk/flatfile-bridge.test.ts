/**
 * Listeners written for Flatfile, run unmodified against this server through the bridge: `@flatfile/listener`'s
 * `FlatfileListener`, `@flatfile/api@1.9.19`'s `FlatfileClient` (configured only by `FLATFILE_API_URL` and
 * `FLATFILE_API_KEY`) and `@flatfile/plugin-job-handler`.
 *
 * The two listener examples of Flatfile's Jobs guide (../../shared/seed/flatfile-jobs.txt) are pasted below with
 * their bodies unchanged. What had to change, because the guide's text does not run as printed:
 * - the `workbook:export` handler is declared `({ context: { jobId } }, payload) => { const { jobId } = event.context;`
 *   with `await` inside: not `async`, `jobId` declared twice and `event` undefined are syntax and reference errors,
 *   so it is written `async (event) => { const { jobId } = event.context;` (the body is the guide's);
 * - the guide's `api.workbook.create({...})` is `api.workbooks.create` in `@flatfile/api`, and this server (like
 *   Flatfile's) needs the workbook's `spaceId`;
 * - the action's `type: "file"` is not a field of 1.9.19's `Action`; its serializer strips it (kept, as in the guide).
 */
import { FlatfileClient } from "@flatfile/api";
import { FlatfileListener } from "@flatfile/listener";
import { jobHandler } from "@flatfile/plugin-job-handler";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "./client/create-client";
import { connectFlatfileListener, toFlatfileEvent, type FlatfileBridge } from "./flatfile-bridge";
import type { StreamEvent } from "./listener/event-stream";
import { useFlatfileEnv } from "./testing/flatfile-env";
import { jobEvents, memoryLogger, until } from "./testing/helpers";
import { useServerProcess } from "./testing/server-process";

/** The server, and this SDK's own client of it (`ctx.api`). */
const ctx = useServerProcess();
/** Flatfile's client, as a listener written for Flatfile creates it: configured by the environment only. */
let api: FlatfileClient;
let restoreEnv: (() => void) | undefined;

beforeAll(() => {
  restoreEnv = useFlatfileEnv(ctx.server.baseUrl, ctx.server.secretKey);
  api = new FlatfileClient();
});

afterAll(() => {
  restoreEnv?.();
});

/** The topics a job published, in log order. */
async function jobTopics(spaceId: string, jobId: string): Promise<string[]> {
  return (await jobEvents(ctx.api, spaceId, jobId)).map((e) => e.topic);
}

describe("toFlatfileEvent", () => {
  it("gives FlatfileEvent the fields it reads", () => {
    const event: StreamEvent = {
      id: "us_evt_1",
      topic: "job:ready",
      domain: "job",
      context: { accountId: "a", environmentId: "e", jobId: "us_jb_1", actionName: "workbook:export" },
      payload: { job: "workbook:export" },
      createdAt: "2030-01-01T00:00:00.000Z",
      position: 7,
    };
    const converted = toFlatfileEvent(event);
    expect(converted).toEqual({
      id: "us_evt_1",
      topic: "job:ready",
      domain: "job",
      context: event.context,
      payload: event.payload,
      createdAt: new Date("2030-01-01T00:00:00.000Z"),
      namespaces: [],
      target: "",
      origin: {},
    });
  });
});

describe("@flatfile/listener through the bridge", () => {
  let bridge: FlatfileBridge | undefined;

  it("runs the guide's workbook:export action listener: created, ready, updated (ack), completed", async () => {
    const { data: space } = await api.spaces.create({ name: "Guide: action job" });
    // The guide's action; `type` is not a field of 1.9.19's Action, so it is passed as a variable (no excess-property
    // check) and stripped by the client's serializer.
    const exportAction = {
      label: "Export Data",
      description: "Send data to destination system",
      operation: "export",
      type: "file",
    };
    const { data: workbook } = await api.workbooks.create({
      name: "October Report Workbook",
      spaceId: space.id,
      actions: [exportAction],
    });
    expect(workbook.actions?.map((a) => a.operation)).toEqual(["export"]);

    const listener = new FlatfileListener();
    // ---- the guide's listener (see the header for the one-line signature fix) ----
    /* eslint-disable @typescript-eslint/no-unused-vars -- the guide's code as printed */
    listener.on("job:ready", { job: "workbook:export" }, async (event) => {
      const { jobId } = event.context;
      try {
        await api.jobs.ack(jobId, {
          info: "Starting submit job...",
          progress: 10,
        });
        // Custom code here
        await api.jobs.complete(jobId, {
          outcome: {
            message: "Submit Job was completed succesfully.",
          },
        });
      } catch (error) {
        await api.jobs.fail(jobId, {
          outcome: {
            message: "This Job failed.",
          },
        });
      }
    });
    /* eslint-enable @typescript-eslint/no-unused-vars */
    // ---- end of the guide's listener ----
    bridge = await connectFlatfileListener(listener, {
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      logger: memoryLogger(),
    });

    // An end user clicks the action: their token may only run an action mounted on the workbook.
    const { token } = await ctx.api.auth.createToken({ role: "user", spaceId: space.id });
    const user = createClient({ baseUrl: ctx.server.baseUrl, token });
    const job = await user.jobs.create({ type: "workbook", operation: "export", source: workbook.id });
    expect(job.status).toBe("ready");

    const done = await until(
      () => ctx.api.jobs.get(job.id),
      (j) => j.status === "complete",
      "the job to complete",
    );
    expect(done.outcome).toEqual({ message: "Submit Job was completed succesfully." });
    expect(done.info).toBe("Starting submit job...");
    expect(await jobTopics(space.id, job.id)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);
    await bridge.close();
  });

  it("runs the guide's custom job from commit:created, then its job:ready listener", async () => {
    const { data: space } = await api.spaces.create({ name: "Guide: custom job" });
    const { data: workbook } = await api.workbooks.create({
      name: "Contacts workbook",
      spaceId: space.id,
      sheets: [{ name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string" }] }],
    });
    const sheetId = workbook.sheets![0]!.id;

    const listener = new FlatfileListener();
    // ---- the guide's listeners, verbatim ----
    /* eslint-disable @typescript-eslint/no-unused-vars -- the guide's code as printed */
    listener.on("commit:created", { sheet: "contacts" }, async ({ context: { workbookId, sheetId } }) => {
      const { data } = await api.jobs.create({
        type: "workbook",
        operation: "myCustomOperation",
        trigger: "immediate",
        source: workbookId,
      });
    });
    listener.on(
      "job:ready",
      { job: "workbook:myCustomOperation" },
      async ({ context: { jobId, workbookId }, payload }) => {
        try {
          await api.jobs.ack(jobId, {
            info: "Starting my custom operation.",
            progress: 10,
          });
          // Custom code here.
          await api.jobs.complete(jobId, {
            outcome: {
              message: "Sucessfully completed my custom operation.",
            },
          });
        } catch {
          await api.jobs.fail(jobId, {
            outcome: {
              message: "Custom operation failed.",
            },
          });
        }
      },
    );
    /* eslint-enable @typescript-eslint/no-unused-vars */
    // ---- end of the guide's listeners ----
    bridge = await connectFlatfileListener(listener, {
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      logger: memoryLogger(),
    });

    await ctx.api.records.insert(sheetId, [{ name: { value: "Ada Lovelace" } }]);
    const { data: jobs } = await until(
      () => ctx.api.jobs.list({ spaceId: space.id, operation: "myCustomOperation" }),
      (page) => page.data[0]?.status === "complete",
      "the custom job to complete",
    );
    expect(jobs).toHaveLength(1);
    const job = jobs[0]!;
    expect(job).toMatchObject({ type: "workbook", source: workbook.id, trigger: "immediate" });
    expect(job.outcome).toEqual({ message: "Sucessfully completed my custom operation." });
    expect(await jobTopics(space.id, job.id)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:completed",
    ]);

    const { data: log } = await ctx.api.events.list({ spaceId: space.id, pageSize: 1000 });
    const topics = log.map((e) => e.topic);
    expect(topics.indexOf("commit:created")).toBeLessThan(
      topics.indexOf("job:created", topics.indexOf("commit:created")),
    );
    await bridge.close();
  });

  it("runs @flatfile/plugin-job-handler: ack, tick, complete; a throw fails the job; event.fetch reaches this server", async () => {
    const { data: space } = await api.spaces.create({ name: "Plugin" });
    const fetched: unknown[] = [];
    const listener = new FlatfileListener();
    listener.use(
      jobHandler("workbook:export", async (event, tick) => {
        fetched.push(await event.fetch(`v1/jobs/${event.context.jobId}`));
        await tick(50, "Halfway there");
        return { outcome: { message: "Exported by the plugin", acknowledge: true } };
      }),
    );
    listener.use(
      jobHandler("workbook:broken", async () => {
        throw new Error("Nothing to export");
      }),
    );
    bridge = await connectFlatfileListener(listener, {
      baseUrl: ctx.server.baseUrl,
      token: ctx.server.secretKey,
      spaceId: space.id,
      logger: memoryLogger(),
    });
    const run = (operation: string) =>
      ctx.api.jobs.create({
        type: "workbook",
        operation,
        source: "us_wb_plugin",
        spaceId: space.id,
        trigger: "immediate",
      });

    const good = await run("export");
    const completed = await until(
      () => ctx.api.jobs.get(good.id),
      (j) => j.status === "complete",
      "the plugin's job",
    );
    expect(completed.outcome).toEqual({ message: "Exported by the plugin", acknowledge: true });
    expect(await jobTopics(space.id, good.id)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:updated",
      "job:completed",
    ]);
    const { data: updates } = await ctx.api.events.list({ spaceId: space.id, topic: "job:updated" });
    expect(updates.filter((e) => e.context.jobId === good.id).map((e) => e.payload.progress)).toEqual([
      0, 50,
    ]);
    expect(fetched).toEqual([expect.objectContaining({ id: good.id, status: "executing" })]);

    const bad = await run("broken");
    const failed = await until(
      () => ctx.api.jobs.get(bad.id),
      (j) => j.status === "failed",
      "the failing job",
    );
    expect(failed.outcome).toEqual({ message: "Nothing to export", acknowledge: true });
    expect(await jobTopics(space.id, bad.id)).toEqual([
      "job:created",
      "job:ready",
      "job:updated",
      "job:failed",
    ]);
    await bridge.close();
  });
});
