import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { createClient, type StreamEvent } from "../../../sdk";
import { applyEvents, createEventBatcher } from "./apply-event";
import type { LiveEventHandler } from "./live-handler";

let position = 0;
const event = (topic: string, context: Record<string, string> = {}): StreamEvent =>
  ({
    id: `us_evt_${++position}`,
    topic,
    domain: topic.split(":")[0],
    context: { environmentId: "us_env_local", accountId: "us_acc_local", ...context },
    payload: {},
    createdAt: new Date().toISOString(),
  }) as unknown as StreamEvent;

const api = createClient({ baseUrl: "http://localhost:3000", token: "unused" });

describe("applyEvents", () => {
  it("gives every handler the whole frame, in order, then invalidates each key asked for once", () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
    const seen: string[] = [];
    const frame = [event("space:updated"), event("file:created", { spaceId: "us_sp_1" })];
    const first: LiveEventHandler = (events, ctx) => {
      seen.push(`first:${events.length}`);
      // Nothing is invalidated while handlers still run.
      ctx.invalidate(["files", "list", "us_sp_1"]);
      expect(invalidate).not.toHaveBeenCalled();
    };
    const second: LiveEventHandler = (events, ctx) => {
      seen.push(`second:${events.length}`);
      ctx.invalidate(["files", "list", "us_sp_1"]);
      ctx.invalidate(["spaces"]);
    };
    applyEvents([first, second], frame, { client, api });
    expect(seen).toEqual(["first:2", "second:2"]);
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([
      ["files", "list", "us_sp_1"],
      ["spaces"],
    ]);
  });
});

describe("createEventBatcher", () => {
  it("applies the events pushed before a flush in one batch, in order", () => {
    const batches: string[][] = [];
    const batcher = createEventBatcher((events) => batches.push(events.map((e) => e.id)));
    for (let i = 0; i < 3; i++) batcher.push(event("job:updated", { jobId: "us_jb_1" }));
    batcher.flush();
    batcher.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(3);
    batcher.dispose();
  });
});
