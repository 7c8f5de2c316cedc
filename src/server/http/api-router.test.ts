import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BulkLane } from "../scheduling/bulk-lane";
import { ApiError } from "./api-error";
import { ApiRouter, type AppEnv } from "./api-router";
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
  const seen: { route: string; contended: boolean }[] = [];
  const spec = { tag: "Test", summary: "test", access: "anyone", public: true } as const;
  api.add(
    { ...spec, method: "post", path: "/bulk", body: z.array(z.number()).max(3), bulk: true },
    async ({ body }) => {
      seen.push({ route: "bulk", contended: lane.contended });
      return { data: body };
    },
  );
  api.add({ ...spec, method: "post", path: "/small", body: z.array(z.number()) }, async ({ body }) => {
    seen.push({ route: "small", contended: lane.contended });
    return { data: body };
  });
  const post = (path: string, body: string) =>
    app.request(path, { method: "POST", body, headers: { "content-type": "application/json" } });
  return { lane, seen, post };
}

describe("ApiRouter and the bulk lane", () => {
  it("parses and checks a bulk route's body as two steps of the lane, and does not count it as interactive", async () => {
    const { lane, seen, post } = router();
    const response = await post("/bulk", "[1,2,3]");
    expect(await response.json()).toEqual({ data: [1, 2, 3] });
    expect(lane.steps).toBe(2);
    expect(seen).toEqual([{ route: "bulk", contended: false }]);
  });

  it("a bulk body that fails its checks is the usual 400, and the lane goes on", async () => {
    const { lane, post } = router();
    expect((await post("/bulk", "[1,2,3,4]")).status).toBe(400);
    expect((await post("/bulk", "{not json")).status).toBe(400);
    expect((await post("/bulk", "[5]")).status).toBe(200);
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
