import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { createClient, type StreamEvent } from "../../../../sdk";
import { applyEvents } from "../../live";
import { listenersLiveHandler } from "./listeners-live-handler";
import { listenerKeys, type Listener } from "./listeners-query-options";

let position = 0;
/** A job event of a workbook export in space us_sp_1, as a user's stream delivers it. */
const jobEvent = (topic: string, status: string, operation = "export"): StreamEvent =>
  ({
    id: `us_evt_${++position}`,
    topic,
    domain: "job",
    context: {
      environmentId: "us_env_local",
      accountId: "us_acc_local",
      spaceId: "us_sp_1",
      workbookId: "us_wb_1",
      jobId: "us_jb_1",
    },
    payload: { job: `workbook:${operation}`, domain: "workbook", operation, status, progress: 10 },
    createdAt: new Date().toISOString(),
  }) as unknown as StreamEvent;

const exporter = {
  id: "us_ls_1",
  name: "demo-listener",
  status: "connected",
  handles: [{ topics: ["job:ready"], filters: [{ job: "workbook:export", "context.spaceId": "us_sp_1" }] }],
  concurrency: 1,
  connectedAt: "2030-01-01T00:00:00.000Z",
  lastSeenAt: "2030-01-01T00:00:00.000Z",
  jobsInFlight: 0,
  jobsHandled: 0,
} as unknown as Listener;

/** Whether one frame of `events` makes the tab read the listeners again, given the list it holds (if any). */
function rereads(events: StreamEvent[], held: Listener[] | undefined): boolean {
  const client = new QueryClient();
  if (held) client.setQueryData(listenerKeys.list(false), held);
  const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
  const api = createClient({ baseUrl: "http://localhost:3000", token: "unused" });
  applyEvents([listenersLiveHandler], events, { client, api });
  return invalidate.mock.calls.some(([filters]) => filters?.queryKey?.[0] === listenerKeys.all[0]);
}

describe("listenersLiveHandler", () => {
  it("reads the listeners again when one connects or disconnects (an operator's stream)", () => {
    const event = { ...jobEvent("listener:connected", ""), domain: "listener", payload: {} } as StreamEvent;
    expect(rereads([event], [])).toBe(true);
  });

  it("reads them again when a job starts that the list says no listener would run: one came back", () => {
    expect(rereads([jobEvent("job:updated", "executing")], [])).toBe(true);
    expect(rereads([jobEvent("job:updated", "executing")], [{ ...exporter, status: "disconnected" }])).toBe(
      true,
    );
    // The listener's filters decide, on the job's name and on its context: neither job is the exporter's.
    expect(rereads([jobEvent("job:updated", "executing", "submit")], [exporter])).toBe(true);
    const elsewhere = {
      ...exporter,
      handles: [
        { topics: ["job:ready"], filters: [{ job: "workbook:export", "context.spaceId": "us_sp_2" }] },
      ],
    } as Listener;
    expect(rereads([jobEvent("job:updated", "executing")], [elsewhere])).toBe(true);
  });

  it("leaves them alone for a job a listener on the list runs, a job that does not run, or no list held", () => {
    expect(rereads([jobEvent("job:updated", "executing")], [exporter])).toBe(false);
    expect(rereads([jobEvent("job:ready", "ready"), jobEvent("job:completed", "complete")], [])).toBe(false);
    expect(rereads([jobEvent("job:updated", "executing")], undefined)).toBe(false);
  });
});
