import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BulkLane } from "../scheduling/bulk-lane";
import { ApiError } from "./api-error";
import { ApiRouter, BULK_BODY_BYTES, type AppEnv } from "./api-router";
import { TokenAuthority } from "./auth";

/** A lane that counts its steps. */
class CountingLane extends BulkLane {
  steps = 0;
  override run<T>(step: () => T | Promise<T>): Promise<T> {
    this.steps++;
    return super.run(step);
  }
}

function router() {
  const app = new Hono<AppEnv>();
  app.onError((error) =>
    error instanceof ApiError
      ? Response.json(error.toBody(), { status: error.status })
      : Response.json({}, { status: 500 }),
  );
  const lane = new CountingLane();
  const api = new ApiRouter(app, new TokenAuthority("sk_test", () => new Date()), lane);
  const seen: { route: string; contended: boolean; paced?: boolean }[] = [];
  const spec = { tag: "Test", summary: "test", access: "anyone", public: true } as const;
  api.add(
    { ...spec, method: "post", path: "/bulk", body: z.array(z.number()).min(1), bulk: true },
    async ({ body, bulk }) => {
      seen.push({ route: "bulk", contended: lane.contended, paced: bulk === lane });
      return { data: body.length };
    },
  );
  api.add({ ...spec, method: "post", path: "/small", body: z.array(z.number()) }, async ({ body }) => {
    seen.push({ route: "small", contended: lane.contended });
    return { data: body.length };
  });
  const post = (path: string, body: string) =>
    app.request(path, { method: "POST", body, headers: { "content-type": "application/json" } });
  return { lane, seen, post };
}

/** A JSON array of ones at least `bytes` long. */
const largeBody = (bytes: number) => `[${Array.from({ length: Math.ceil(bytes / 2) }, () => "1").join(",")}]`;

describe("ApiRouter and the bulk lane", () => {
  it("parses and checks a large body of a bulk route as two steps of the lane, hands the lane on, and does not count it as interactive", async () => {
    const { lane, seen, post } = router();
    const body = largeBody(BULK_BODY_BYTES);
    const response = await post("/bulk", body);
    expect(await response.json()).toEqual({ data: (JSON.parse(body) as number[]).length });
    expect(lane.steps).toBe(2);
    expect(seen).toEqual([{ route: "bulk", contended: false, paced: true }]);
  });

  it("a small body of a bulk route (a cell's edit) is an interactive request, not paced", async () => {
    const { lane, seen, post } = router();
    expect(await (await post("/bulk", "[1,2,3]")).json()).toEqual({ data: 3 });
    expect(lane.steps).toBe(0);
    expect(seen).toEqual([{ route: "bulk", contended: true, paced: false }]);
  });

  it("a large bulk body that fails its checks is the usual 400, and the lane goes on", async () => {
    const { lane, post } = router();
    expect((await post("/bulk", `${largeBody(BULK_BODY_BYTES)}]`)).status).toBe(400);
    expect((await post("/bulk", `[${largeBody(BULK_BODY_BYTES)}]`)).status).toBe(400);
    expect((await post("/bulk", largeBody(BULK_BODY_BYTES))).status).toBe(200);
    // Two steps each, but the malformed body stops at the first.
    expect(lane.steps).toBe(5);
  });

  it("counts every other route as interactive while it runs, so bulk work makes room for it", async () => {
    const { lane, seen, post } = router();
    expect((await post("/small", "[1]")).status).toBe(200);
    expect(lane.steps).toBe(0);
    expect(seen).toEqual([{ route: "small", contended: true }]);
    // Still counted a moment after it ended: requests queued behind a busy loop have not reached a route yet.
    expect(lane.contended).toBe(true);
  });
});
