import { QueryClient, QueryObserver } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { jobEventPayload, type Job } from "../../../../core";
import { createClient, type StreamEvent } from "../../../../sdk";
import { jobKeys } from "../../jobs";
import { applyEvents } from "../../live";
import { jobsTableLiveHandler } from "./apply-table-events";
import type { JobsTableData } from "./jobs-table-query";

const T0 = Date.parse("2024-03-01T09:00:00.000Z");
const at = (seconds: number) => new Date(T0 + seconds * 1_000).toISOString();

const job: Job = {
  id: "us_jb_table000000001",
  type: "workbook",
  operation: "export",
  source: "us_wb_table000000001",
  trigger: "immediate",
  status: "ready",
  progress: 0,
  mode: "background",
  managed: false,
  environmentId: "us_env_local",
  metadata: {},
  createdAt: at(0),
  updatedAt: at(0),
};

const event = (topic: string, changed: Partial<Job>, seconds: number): StreamEvent =>
  ({
    id: `us_evt_${seconds}`,
    topic,
    domain: "job",
    context: { environmentId: "us_env_local", accountId: "us_acc_local", jobId: job.id },
    payload: jobEventPayload({ ...job, ...changed }, topic as never),
    createdAt: at(seconds),
  }) as unknown as StreamEvent;

const table = (): JobsTableData => ({
  pages: [{ data: [job], pagination: { currentPage: 1, pageCount: 1, totalCount: 1 } }],
  pageParams: [1],
});

describe("jobsTableLiveHandler", () => {
  it("patches the pages of a table that is shown, with start and end times, and leaves a hidden one alone", () => {
    const client = new QueryClient();
    const api = createClient({ baseUrl: "http://localhost:3000", token: "unused" });
    const shown = jobKeys.table({ sortDirection: "desc" });
    const hidden = jobKeys.table({ sortDirection: "asc" });
    client.setQueryData(shown, table());
    client.setQueryData(hidden, table());
    const unsubscribe = new QueryObserver(client, { queryKey: shown, staleTime: Infinity }).subscribe(
      () => undefined,
    );

    applyEvents(
      [jobsTableLiveHandler],
      [
        event("job:updated", { status: "executing", progress: 30 }, 1),
        event("job:completed", { status: "complete", progress: 100 }, 2),
      ],
      { client, api },
    );
    expect(client.getQueryData<JobsTableData>(shown)?.pages[0]?.data[0]).toMatchObject({
      status: "complete",
      progress: 100,
      startedAt: at(1),
      finishedAt: at(2),
    });
    expect(client.getQueryData<JobsTableData>(hidden)?.pages[0]?.data[0]).toBe(job);
    unsubscribe();
  });

  it("reloads the tables when a job is created or deleted", () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, "invalidateQueries").mockResolvedValue();
    const api = createClient({ baseUrl: "http://localhost:3000", token: "unused" });
    applyEvents([jobsTableLiveHandler], [event("job:created", {}, 1), event("job:deleted", {}, 2)], {
      client,
      api,
    });
    expect(invalidate.mock.calls.map(([filters]) => filters?.queryKey)).toEqual([jobKeys.tables()]);
  });
});
