import { describe, expect, it } from "vitest";
import { isJobHandled } from "../../core";
import { memoryLogger, until, waitFor } from "../testing/helpers";
import { useServerProcess } from "../testing/server-process";
import { createListener } from "./listener";

const ctx = useServerProcess();

async function newSpace(name: string) {
  return (await ctx.api.spaces.create({ name })).id;
}

describe("announcement", () => {
  it("tells its name, version, host, concurrency and every registration with the filters of its scopes", () => {
    const listener = createListener({
      name: "exporter",
      version: "3.1.0",
      maxConcurrency: 4,
      logger: memoryLogger(),
    });
    const handler = () => undefined;
    listener.on("job:ready", { job: "workbook:export" }, handler);
    listener.filter({ spaceId: "us_sp_1" }, (scoped) => {
      scoped.on(["job:ready", "job:updated"], handler);
      scoped.namespace("workbook:contacts", (inner) => inner.on("job:*", { operation: "submit" }, handler));
    });
    listener.on("job:ready", { job: "workbook:export" }, () => "another handler, the same registration");
    const announcement = listener.announcement;
    expect(announcement).toMatchObject({
      id: listener.listenerId,
      name: "exporter",
      version: "3.1.0",
      concurrency: 4,
      handles: [
        { topics: ["job:ready"], filters: [{ job: "workbook:export" }] },
        { topics: ["job:ready", "job:updated"], filters: [{ spaceId: "us_sp_1" }] },
        {
          topics: ["job:*"],
          filters: [{ spaceId: "us_sp_1" }, { namespaces: "workbook:contacts" }, { operation: "submit" }],
        },
      ],
    });
    // Node: the host name is filled in.
    expect(announcement.host).toEqual(expect.any(String));
  });

  it("says it handles every topic when its registrations are beyond what the server accepts", () => {
    const listener = createListener({ name: "wide", logger: memoryLogger() });
    listener.on("job:" + "x".repeat(200), () => undefined);
    expect(listener.announcement.handles).toEqual([{ topics: ["**"] }]);
  });
});

describe("presence", () => {
  it("is listed as connected while mounted, with what it handles, and the rule sees the job handled", async () => {
    const listener = createListener({ name: "presence-test", logger: memoryLogger() });
    listener.on("job:ready", { job: "space:presence-check" }, () => undefined);
    expect(isJobHandled("space:presence-check", await ctx.api.listeners.list())).toBe(false);
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey });
    const listed = (await ctx.api.listeners.list()).find((l) => l.id === listener.listenerId);
    expect(listed).toMatchObject({
      name: "presence-test",
      status: "connected",
      handles: listener.announcement.handles,
    });
    expect(isJobHandled("space:presence-check", await ctx.api.listeners.list())).toBe(true);
    await listener.unmount();
  });

  it("re-announces itself when a handler added after mount changes what it handles", async () => {
    const listener = createListener({ name: "growing", logger: memoryLogger() });
    listener.on("job:ready", { job: "space:first" }, () => undefined);
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey });
    listener.on("job:ready", { job: "space:second" }, () => undefined);
    await until(
      () => ctx.api.listeners.list(),
      (listeners) => isJobHandled("space:second", listeners),
      "the new handler listed",
    );
    await listener.unmount();
  });
});

describe("jobs waiting for a listener", () => {
  it("starts, once it connects, the ready jobs it handles that were created while none was connected", async () => {
    const spaceId = await newSpace("Waiting");
    const create = (operation: string) =>
      ctx.api.jobs.create({ type: "space", operation, source: spaceId, trigger: "immediate" });
    const waiting = [await create("waiting-job"), await create("waiting-job")];
    const other = await create("not-mine");
    expect(isJobHandled("space:waiting-job", await ctx.api.listeners.list())).toBe(false);

    const listener = createListener({ name: "late", logger: memoryLogger() });
    const ran: string[] = [];
    listener.on("job:ready", { job: "space:waiting-job" }, async (event, { api }) => {
      const jobId = event.context.jobId!;
      await api.jobs.ack(jobId, {});
      await api.jobs.complete(jobId, {});
      ran.push(jobId);
    });
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    await listener.pickedUp;
    await waitFor(() => ran.length === 2, "both waiting jobs");
    expect(ran.sort()).toEqual(waiting.map((j) => j.id).sort());
    for (const job of waiting) expect((await ctx.api.jobs.get(job.id)).status).toBe("complete");
    expect((await ctx.api.jobs.get(other.id)).status).toBe("ready");

    // A second listener connecting later finds nothing left of them to run.
    const second = createListener({ name: "later", logger: memoryLogger() });
    const ranBySecond: string[] = [];
    second.on(
      "job:ready",
      { job: "space:waiting-job" },
      (event) => void ranBySecond.push(event.context.jobId!),
    );
    await second.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId });
    await second.pickedUp;
    expect(ranBySecond).toEqual([]);
    await Promise.all([listener.unmount(), second.unmount()]);
  });
});
