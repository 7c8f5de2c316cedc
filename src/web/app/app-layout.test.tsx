// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StreamEvent } from "../../sdk";
import { decodeToken } from "../features/auth";
import { useJobsPanelStore, useToastStore } from "../features/jobs";
import { useConnectionStore } from "../features/live";
import { liveEvents } from "../lib/live-events";
import { useMockServer } from "../testing/mock-server";
import { renderWithApi } from "../testing/render-with-api";
import { AppLayout } from "./app-layout";

const server = useMockServer();

const JOBS = 100;
const TICKS = 10;

beforeEach(() => {
  useJobsPanelStore.setState({ open: false, filter: "all", seenAt: Date.now(), newSince: Date.now() });
  useToastStore.setState({ toasts: [] });
  useConnectionStore.setState({ status: "connecting", failures: 0, freshAt: undefined });
});
afterEach(cleanup);

describe("AppLayout with the live event stream", () => {
  it(`keeps ${JOBS} jobs that tick ${TICKS} times and finish current with no list read and one read per job at most`, async () => {
    const { admin, mock } = server;
    const space = await admin.spaces.create({ name: "Busy" });
    const jobs = await Promise.all(
      Array.from({ length: JOBS }, (_, i) =>
        admin.jobs.create({
          type: "space",
          operation: `load-${i}`,
          source: space.id,
          trigger: "immediate",
          mode: "background",
        }),
      ),
    );
    const token = await server.token({ role: "user", spaceId: space.id });
    const session = decodeToken(token)!;

    // The dashboard's reads of jobs, seen by MSW: the list, and single jobs (the listener here uses the secret key).
    const listReads: string[] = [];
    const jobReads: string[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const path = new URL(request.url).pathname;
      const dashboard = request.headers.get("authorization") !== `Bearer ${mock.secretKey}`;
      if (!dashboard || request.method !== "GET") return;
      if (path === "/v1/jobs") listReads.push(path);
      else if (/^\/v1\/jobs\/[^/]+$/.test(path)) jobReads.push(path);
    });
    const received = { ticks: 0, finished: 0 };
    const unsubscribe = liveEvents.subscribe((events: readonly StreamEvent[]) => {
      for (const event of events) {
        if (event.topic === "job:updated") received.ticks++;
        if (event.topic === "job:completed") received.finished++;
      }
    });

    renderWithApi(<AppLayout session={session} />, { token });
    await waitFor(() => expect(useConnectionStore.getState().status).toBe("live"));
    // The list shows the space's 50 newest jobs (its space:configure job is the oldest).
    await screen.findByRole("button", { name: /^Jobs, 50 running/ });
    // Opening the stream reads everything once more (what happened before it opened); count from here on.
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    listReads.length = 0;
    jobReads.length = 0;

    for (let tick = 1; tick <= TICKS; tick++) {
      await Promise.all(
        jobs.map((job) => admin.jobs.ack(job.id, { progress: tick * 9, info: `Step ${tick}` })),
      );
      await waitFor(() => expect(received.ticks).toBe(tick * JOBS), { timeout: 10_000 });
      expect(listReads).toEqual([]);
      expect(jobReads).toEqual([]);
    }

    await Promise.all(
      jobs.map((job) => admin.jobs.complete(job.id, { outcome: { heading: `Done ${job.id}` } })),
    );
    await waitFor(() => expect(received.finished).toBe(JOBS), { timeout: 10_000 });
    await screen.findByRole("button", { name: /^Jobs, 0 running, 20 finished since you looked/ });
    // The panel shows the 20 latest finished. The toaster reads the jobs no list holds, once each, to tell who started
    // them; give any straggler time to show up. None is the signed-in person's, so none toasts.
    await waitFor(() => expect(jobReads.length).toBeGreaterThan(0));
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    unsubscribe();
    expect(useToastStore.getState().toasts).toEqual([]);

    expect(listReads).toEqual([]);
    expect(jobReads.length).toBeLessThanOrEqual(JOBS);
    expect(new Set(jobReads).size).toBe(jobReads.length);
  }, 60_000);
});
