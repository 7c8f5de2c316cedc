import { describe, expect, it } from "vitest";
import { createApp } from "../app";
import { MemoryStore } from "../store/memory-store";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const SECRET = "sk_parts_test_0123456789abcdef";

/** The app as mock mode runs it: the memory store, in process. */
function setup() {
  const app = createApp({ store: new MemoryStore(), secretKey: SECRET });
  const call = async (method: string, path: string, body?: unknown): Promise<Json> => {
    const res = await app.request(`/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Json;
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json.data;
  };
  return { call };
}

async function splitParent(call: ReturnType<typeof setup>["call"], split: unknown) {
  const space = await call("POST", "/spaces", { name: "parts" });
  const parent = await call("POST", "/jobs", {
    type: "space",
    operation: "load",
    source: space.id,
    trigger: "immediate",
  });
  await call("POST", `/jobs/${parent.id}/ack`, {});
  await call("POST", `/jobs/${parent.id}/split`, split);
  const parts: Json[] = await call("GET", `/jobs?parentId=${parent.id}&sortDirection=asc`);
  return { parent, parts: parts.sort((a, b) => a.part - b.part) };
}

const topicsOf = async (call: ReturnType<typeof setup>["call"], jobId: string) =>
  ((await call("GET", "/events?domain=job&pageSize=1000")) as Json[])
    .filter((e) => e.context.jobId === jobId)
    .map((e) => e.topic);

describe("split jobs on the memory store", () => {
  it("counts a canceled waiting part and cancels the parts after it", async () => {
    const { call } = setup();
    const { parent, parts } = await splitParent(call, { parts: [{ n: 1 }, { n: 2 }, { n: 3 }] });
    await call("POST", `/jobs/${parts[1].id}/cancel`, { info: "not needed" });
    const statuses = (await call("GET", `/jobs?parentId=${parent.id}&sortDirection=asc`)) as Json[];
    expect(statuses.sort((a, b) => a.part - b.part).map((p) => p.status)).toEqual([
      "ready",
      "canceled",
      "canceled",
    ]);
    expect((await call("GET", `/jobs/${parent.id}`)).partCounts).toEqual({
      total: 3,
      complete: 0,
      failed: 0,
      canceled: 2,
    });
    expect(await topicsOf(call, parent.id)).not.toContain("job:parts-completed");
    await call("POST", `/jobs/${parts[0].id}/ack`, {});
    await call("POST", `/jobs/${parts[0].id}/complete`, {});
    expect((await topicsOf(call, parent.id)).filter((t) => t === "job:parts-completed")).toHaveLength(1);
  });

  it("counts a retried part again when it ends again, and publishes nothing once the parent has finished", async () => {
    const { call } = setup();
    const { parent, parts } = await splitParent(call, { parts: 2, runInParallel: true });
    await call("POST", `/jobs/${parts[0].id}/ack`, {});
    await call("POST", `/jobs/${parts[0].id}/fail`, {});
    await call("POST", `/jobs/${parts[0].id}/retry`);
    expect((await call("GET", `/jobs/${parent.id}`)).partCounts).toMatchObject({ complete: 0, failed: 0 });
    await call("POST", `/jobs/${parts[0].id}/ack`, {});
    await call("POST", `/jobs/${parts[0].id}/complete`, {});
    await call("POST", `/jobs/${parent.id}/fail`, { outcome: { message: "gave up" } });
    await call("POST", `/jobs/${parts[1].id}/ack`, {});
    await call("POST", `/jobs/${parts[1].id}/complete`, {});
    const after = await call("GET", `/jobs/${parent.id}`);
    expect(after.partCounts).toEqual({ total: 2, complete: 2, failed: 0, canceled: 0 });
    expect(after.status).toBe("failed");
    expect(await topicsOf(call, parent.id)).not.toContain("job:parts-completed");
  });
});
