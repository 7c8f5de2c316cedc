// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiClient, responsesAsSent } from "../../../../sdk";
import { createQueryClient } from "../../../lib/query-client";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { decodeToken, useSessionStore } from "../../auth";
import { JobsPage } from "../components/jobs-page";
import { prefetchJobsTable } from "./prefetch-jobs-table";

const server = useMockServer();
afterEach(cleanup);

// jsdom has no layout: give the table's scroller a size so the virtualizer renders rows.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
});
afterAll(() => vi.restoreAllMocks());

/** A query cache and a client as the app makes them. */
const appClients = () => ({
  queryClient: createQueryClient(() => undefined),
  api: createApiClient(
    { baseUrl: window.location.origin, token: () => useSessionStore.getState().session?.token },
    responsesAsSent,
  ),
});

/** The query strings of the job lists the page sends. */
function jobListRequests(): string[] {
  const requests: string[] = [];
  server.msw.events.on("request:start", ({ request }) => {
    const url = new URL(request.url);
    if (url.pathname === "/v1/jobs") requests.push(url.search);
  });
  return requests;
}

describe("prefetchJobsTable", () => {
  it("sends the table's first request before the page mounts, and the page reads that answer instead of asking again", async () => {
    const space = await server.admin.spaces.create({ name: "Ops" });
    const failing = await server.admin.jobs.create({
      type: "workbook",
      operation: "cleanup",
      source: space.id,
      spaceId: space.id,
      trigger: "immediate",
    });
    await server.admin.jobs.fail(failing.id, { info: "Bad header" });
    const token = await server.token({ role: "operator" });
    // Signed in, as the app is when a route prefetches.
    useSessionStore.setState({ session: decodeToken(token), reason: undefined });
    const requests = jobListRequests();

    const clients = appClients();
    prefetchJobsTable(clients, space.id, "?status=failed");
    expect(requests).toHaveLength(0); // sent on the next turn of the loop, as fetch does
    renderWithApi(<JobsPage />, {
      token,
      path: "/space/:spaceId/jobs",
      url: `/space/${space.id}/jobs?status=failed`,
      clients,
    });
    const table = await screen.findByRole("table", { name: "Jobs" });
    await waitFor(() => expect(within(table).getAllByRole("row")).toHaveLength(2));
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain("status=failed");
  });

  it("asks once for a press of the link and its click soon after, and again later", async () => {
    const space = await server.admin.spaces.create({ name: "Pressed" });
    useSessionStore.setState({
      session: decodeToken(await server.token({ role: "operator" })),
      reason: undefined,
    });
    const requests = jobListRequests();
    const clients = appClients();
    prefetchJobsTable(clients, space.id, "");
    await waitFor(() => expect(clients.queryClient.isFetching()).toBe(0));
    prefetchJobsTable(clients, space.id, "");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toHaveLength(1);
    vi.useFakeTimers({ now: Date.now() + 1500, toFake: ["Date"] });
    try {
      prefetchJobsTable(clients, space.id, "");
      await waitFor(() => expect(requests).toHaveLength(2));
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks nothing for a user's /jobs, which the page sends on to their space", async () => {
    const space = await server.admin.spaces.create({ name: "Mine" });
    const session = decodeToken(await server.token({ role: "user", spaceId: space.id }));
    useSessionStore.setState({ session, reason: undefined });
    const requests = jobListRequests();
    prefetchJobsTable(appClients(), undefined, "");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests).toEqual([]);
  });
});
