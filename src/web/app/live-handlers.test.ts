import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { createClient, type StreamEvent } from "../../sdk";
import { applyEvents } from "../features/live";
import { LIVE_HANDLERS } from "./live-handlers";

let position = 0;
const event = (topic: string, context: Record<string, string> = {}): StreamEvent =>
  ({
    id: `us_evt_${++position}`,
    topic,
    domain: topic.split(":")[0],
    context: { environmentId: "us_env_local", accountId: "us_acc_local", spaceId: "us_sp_1", ...context },
    payload: {},
    createdAt: new Date().toISOString(),
  }) as unknown as StreamEvent;

/** The query keys the app's handlers invalidate for one frame of `events`. */
function invalidatedBy(events: StreamEvent[]) {
  const client = new QueryClient();
  const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
  const api = createClient({ baseUrl: "http://localhost:3000", token: "unused" });
  applyEvents(LIVE_HANDLERS, events, { client, api });
  return invalidate.mock.calls.map(([filters]) => filters?.queryKey);
}

describe("the app's live-event handlers", () => {
  it("refresh every resource a non-job event changes, each key once", () => {
    expect(invalidatedBy([event("space:updated")])).toEqual([["spaces"]]);
    expect(invalidatedBy([event("workbook:updated"), event("workbook:updated")])).toEqual([
      ["workbooks", "list", "us_sp_1"],
      ["records"],
    ]);
    expect(invalidatedBy([event("workbook:created", { sheetId: "us_sh_1" })])).toEqual([
      ["workbooks", "list", "us_sp_1"],
      ["records", "us_sh_1"],
    ]);
    expect(invalidatedBy([event("commit:created", { sheetId: "us_sh_1" })])).toEqual([
      ["workbooks", "list", "us_sp_1"],
      ["records", "us_sh_1"],
      ["snapshots", "diff"],
    ]);
    expect(invalidatedBy([event("snapshot:created", { sheetId: "us_sh_1" })])).toEqual([
      ["snapshots", "list", "us_sh_1"],
    ]);
    expect(invalidatedBy([event("document:updated"), event("file:created")])).toEqual([
      ["documents", "list", "us_sp_1"],
      ["files", "list", "us_sp_1"],
    ]);
    // An operator's stream: the Listeners page, the waiting jobs and the action hints read the listeners again.
    expect(invalidatedBy([event("listener:connected"), event("listener:disconnected")])).toEqual([
      ["listeners"],
    ]);
  });

  it("leave job ticks of jobs nobody holds alone", () => {
    expect(invalidatedBy([event("job:updated", { jobId: "us_jb_1" })])).toEqual([]);
  });
});
