// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useLocation } from "../../../lib/router";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { JobsPage } from "./jobs-page";

const server = useMockServer();
afterEach(cleanup);

// jsdom has no layout: give the table's scroller a size so the virtualizer renders rows.
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(800);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
});
afterAll(() => vi.restoreAllMocks());

/** Shows the router's location, so a test can read the URL the page wrote. */
function Location() {
  const location = useLocation();
  return <span data-testid="location">{location.pathname + location.search}</span>;
}

async function seed() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Ops" });
  // space:configure is created with the space; add jobs no listener runs.
  const make = (operation: string, mode: "foreground" | "background" = "background") =>
    admin.jobs.create({
      type: "workbook",
      operation,
      source: space.id,
      spaceId: space.id,
      mode,
      trigger: "immediate",
    });
  const exportJob = await make("export");
  const importJob = await make("import", "foreground");
  const failing = await make("cleanup");
  await admin.jobs.ack(failing.id, { info: "Checking rows", progress: 30 });
  await admin.jobs.fail(failing.id, { info: "Bad header" });
  const done = await make("publish");
  await admin.jobs.complete(done.id, {});
  const token = await server.token({ role: "operator" });
  return { space, exportJob, importJob, failing, done, token };
}

const rows = () =>
  within(screen.getByRole("table", { name: "Jobs" }))
    .getAllByRole("row")
    .slice(1);
const location = () => screen.getByTestId("location").textContent ?? "";

function renderPage(token: string, url: string) {
  return renderWithApi(
    <>
      <JobsPage />
      <Location />
    </>,
    { token, path: "/space/:spaceId/jobs", url },
  );
}

describe("JobsPage", () => {
  it("lists the space's jobs with title, status and a link to each job's page", async () => {
    const { space, exportJob, failing, token } = await seed();
    renderPage(token, `/space/${space.id}/jobs`);

    const link = await screen.findByRole("link", { name: "Export (workbook)" });
    expect(link).toHaveAttribute("href", `/space/${space.id}/jobs/${exportJob.id}`);
    // Four jobs of ours and the space's space:configure job, newest first.
    expect(rows()).toHaveLength(5);
    expect(rows()[0]).toHaveTextContent("Publish (workbook)");
    const failed = rows().find((row) => row.textContent?.includes(failing.id.slice(-8)));
    expect(failed).toHaveTextContent("Failed");
    expect(failed).toHaveTextContent("Bad header");
  });

  it("says how a finished job ended instead of its last progress, and shows progress only while a job runs", async () => {
    const { space, failing, token } = await seed();
    const make = (operation: string) =>
      server.admin.jobs.create({
        type: "workbook",
        operation,
        source: space.id,
        spaceId: space.id,
        mode: "toolbarBlocking",
        trigger: "immediate",
      });
    const sent = await make("sendBatches");
    await server.admin.jobs.ack(sent.id, { info: "Sending batch 3 of 3", progress: 90 });
    await server.admin.jobs.complete(sent.id, {
      outcome: { heading: "Submitted", message: "Sent 40 contacts.\nDestination: CRM" },
    });
    const running = await make("validate");
    await server.admin.jobs.ack(running.id, { info: "Checking rows", progress: 40 });
    renderPage(token, `/space/${space.id}/jobs`);

    const row = async (id: string) => {
      await waitFor(() => expect(rows().some((r) => r.textContent?.includes(id.slice(-8)))).toBe(true));
      return rows().find((r) => r.textContent?.includes(id.slice(-8)))!;
    };
    const done = await row(sent.id);
    expect(within(done).getByRole("link", { name: "Send batches (workbook)" })).toBeInTheDocument();
    expect(done).toHaveTextContent("Submitted — Sent 40 contacts.");
    expect(done).not.toHaveTextContent("Sending batch 3 of 3");
    expect(done).not.toHaveTextContent("%");
    expect(done).toHaveTextContent("Locks toolbar");
    expect(done).not.toHaveTextContent("toolbarBlocking");
    expect(await row(failing.id)).toHaveTextContent("Failed: Bad header");
    const live = await row(running.id);
    expect(live).toHaveTextContent("40%");
    expect(live).toHaveTextContent("Checking rows");
    // The id is short in the row, whole in its copy button's name.
    expect(within(live).getByRole("button", { name: `Copy ID ${running.id}` })).toHaveTextContent(
      running.id.slice(-8),
    );
  });

  it("names each job's space and source on the environment's table", async () => {
    const { token } = await seed();
    const other = await server.admin.spaces.create({ name: "Billing" });
    const workbook = await server.admin.workbooks.create({
      name: "Invoices",
      spaceId: other.id,
      sheets: [{ name: "Lines", slug: "lines", fields: [{ key: "amount", type: "number" }] }],
      actions: [{ operation: "export", label: "Export Data" }],
    });
    const exported = await server.admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      spaceId: other.id,
      trigger: "immediate",
    });
    renderWithApi(<JobsPage />, { token, path: "/jobs", url: "/jobs" });

    const link = await screen.findByRole("link", { name: "Export Data" });
    const row = link.closest<HTMLElement>("[role=row]")!;
    expect(row).toHaveTextContent(exported.id.slice(-8));
    expect(within(row).getByRole("link", { name: "Billing" })).toHaveAttribute("href", `/space/${other.id}`);
    await waitFor(() => expect(row).toHaveTextContent("Invoices"));
    expect(row).not.toHaveTextContent(workbook.id);
    expect(await screen.findAllByRole("link", { name: "Ops" })).not.toHaveLength(0);
    expect(screen.getByRole("columnheader", { name: "Space" })).toBeInTheDocument();
  });

  it("sends the status, type and mode filters to the API and keeps them in the URL", async () => {
    const { space, token } = await seed();
    const requests: URL[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/jobs") requests.push(url);
    });
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs`);
    await screen.findByRole("link", { name: "Export (workbook)" });

    await user.click(screen.getByRole("checkbox", { name: "Failed" }));
    await waitFor(() => expect(rows().map((row) => row.textContent)).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent("Cleanup (workbook)");
    expect(location()).toContain("status=failed");
    expect(requests.at(-1)?.searchParams.get("status")).toBe("failed");
    expect(requests.at(-1)?.searchParams.get("spaceId")).toBe(space.id);

    await user.click(screen.getByRole("checkbox", { name: "Failed" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Mode" }), "foreground");
    // The import, and the space's own space:configure job, which runs in the foreground.
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(
      rows()
        .map((row) => row.textContent)
        .join(),
    ).not.toContain("Export (workbook)");
    expect(location()).toContain("mode=foreground");
    expect(requests.at(-1)?.searchParams.get("mode")).toBe("foreground");

    await user.selectOptions(screen.getByRole("combobox", { name: "Type" }), "file");
    await waitFor(() => expect(screen.getByText("No job matches these filters.")).toBeInTheDocument());
    expect(requests.at(-1)?.searchParams.get("type")).toBe("file");
    expect(location()).toContain("type=file");
  });

  it("reads its filters from the URL, applies several statuses in the browser and sends the search to the server", async () => {
    const { space, failing, done, token } = await seed();
    const searches: (string | null)[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/jobs") searches.push(url.searchParams.get("q"));
    });
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs?status=complete,failed`);

    await waitFor(() => expect(rows()).toHaveLength(2)); // publish and cleanup
    expect(screen.getByRole("checkbox", { name: "Complete" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "Failed" })).toBeChecked();

    // Typing asks once, after a pause: the words begin words of the job's info.
    await user.type(screen.getByRole("searchbox", { name: "Search" }), "bad head");
    await waitFor(() => expect(location()).toContain("q=bad+head"));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent(failing.id.slice(-8));
    expect(searches.filter((q) => q !== null)).toEqual(["bad head"]);

    // An id is found exactly.
    await user.clear(screen.getByRole("searchbox", { name: "Search" }));
    await user.type(screen.getByRole("searchbox", { name: "Search" }), done.id);
    await waitFor(() => expect(searches.at(-1)).toBe(done.id));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent(done.id.slice(-8));
  });

  it("sends the creation days, creator and source to the server and keeps them in the URL", async () => {
    const { space, token } = await seed();
    const requests: URL[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/jobs") requests.push(url);
    });
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs?from=2020-01-01&to=2020-01-31`);
    await waitFor(() => expect(screen.getByText("No job matches these filters.")).toBeInTheDocument());
    const sent = requests.at(-1)!.searchParams;
    expect(sent.get("createdFrom")).toBe(new Date(2020, 0, 1).toISOString());
    // The whole last day: up to the next midnight.
    expect(sent.get("createdTo")).toBe(new Date(2020, 1, 1).toISOString());

    await user.clear(screen.getByLabelText("From"));
    await user.clear(screen.getByLabelText("To"));
    await user.type(screen.getByRole("textbox", { name: "Source" }), `${space.id}{Enter}`);
    await user.type(screen.getByRole("textbox", { name: "Created by" }), "secret-key{Enter}");
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(location()).toContain(`source=${space.id}`);
    expect(location()).toContain("createdBy=secret-key");
    expect(requests.at(-1)?.searchParams.get("createdBy")).toBe("secret-key");
    expect(requests.at(-1)?.searchParams.get("source")).toBe(space.id);
  });

  it("sends the finishing days to the server and keeps them in the URL", async () => {
    const { space, failing, done, token } = await seed();
    const requests: URL[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === "/v1/jobs") requests.push(url);
    });
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs?finishedFrom=2020-01-01&finishedTo=2020-01-31`);
    await waitFor(() => expect(screen.getByText("No job matches these filters.")).toBeInTheDocument());
    const sent = requests.at(-1)!.searchParams;
    expect(sent.get("finishedFrom")).toBe(new Date(2020, 0, 1).toISOString());
    // The whole last day: up to the next midnight.
    expect(sent.get("finishedTo")).toBe(new Date(2020, 1, 1).toISOString());
    expect(sent.get("createdFrom")).toBeNull();
    expect(screen.getByRole("button", { name: "Filters (2)" })).toBeInTheDocument();

    // Typed from the keyboard: from today on, only the two jobs that finished (today) remain.
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
    await user.clear(screen.getByLabelText("Finished to"));
    await waitFor(() => expect(location()).not.toContain("finishedTo"));
    await user.clear(screen.getByLabelText("Finished from"));
    await user.type(screen.getByLabelText("Finished from"), day);
    await waitFor(() => expect(location()).toContain(`finishedFrom=${day}`));
    await waitFor(() => expect(rows()).toHaveLength(2));
    const shown = rows().map((row) => row.textContent ?? "");
    expect(shown.some((text) => text.includes(failing.id.slice(-8)))).toBe(true);
    expect(shown.some((text) => text.includes(done.id.slice(-8)))).toBe(true);
    expect(requests.at(-1)?.searchParams.get("finishedFrom")).toBe(
      new Date(today.getFullYear(), today.getMonth(), today.getDate()).toISOString(),
    );
    expect(requests.at(-1)?.searchParams.has("finishedTo")).toBe(false);
  });

  it("sorts by status in the browser and by creation time on the server", async () => {
    const { space, token } = await seed();
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs?sort=status&dir=asc`);
    await waitFor(() => expect(rows()).toHaveLength(5));
    const statuses = () => rows().map((row) => within(row).getAllByRole("cell")[2]?.textContent);
    expect(statuses()).toEqual(["Queued", "Queued", "Queued", "Complete", "Failed"]);

    await user.click(screen.getByRole("button", { name: /Created/ }));
    await waitFor(() => expect(location()).not.toContain("sort=status"));
    expect(rows()[0]).toHaveTextContent("Publish (workbook)");
  });

  it("cancels the selected jobs that may be canceled and reports the others", async () => {
    const { space, exportJob, importJob, done, token } = await seed();
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs`);
    await screen.findByRole("link", { name: "Export (workbook)" });

    for (const job of [exportJob, importJob, done])
      await user.click(screen.getByRole("checkbox", { name: new RegExp(job.id) }));
    expect(screen.getByText("3 selected")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Cancel 2" }));
    // Canceling asks first, and "Keep running" changes nothing.
    const ask = await screen.findByRole("dialog", { name: "Cancel 2 jobs?" });
    await user.click(within(ask).getByRole("button", { name: "Keep running" }));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect((await server.admin.jobs.get(exportJob.id)).status).toBe("ready");
    await user.click(screen.getByRole("button", { name: "Cancel 2" }));
    await user.click(
      within(await screen.findByRole("dialog", { name: "Cancel 2 jobs?" })).getByRole("button", {
        name: "Cancel 2 jobs",
      }),
    );

    expect(await screen.findByText("Canceled 2 of 2 jobs; 1 not eligible, skipped.")).toBeInTheDocument();
    expect((await server.admin.jobs.get(exportJob.id)).status).toBe("canceled");
    expect((await server.admin.jobs.get(importJob.id)).status).toBe("canceled");
    expect((await server.admin.jobs.get(done.id)).status).toBe("complete");
    await waitFor(() =>
      expect(rows().find((row) => row.textContent?.includes(exportJob.id.slice(-8)))).toHaveTextContent(
        "Canceled",
      ),
    );
  });

  it("retries the selected failed jobs and lists each refusal", async () => {
    const { space, failing, exportJob, token } = await seed();
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs`);
    await screen.findByRole("link", { name: "Export (workbook)" });
    await user.click(screen.getByRole("checkbox", { name: new RegExp(failing.id) }));
    await user.click(screen.getByRole("checkbox", { name: new RegExp(exportJob.id) }));
    // The export is canceled behind the table's back, after it was loaded: its retry reaches the server.
    await server.admin.jobs.cancel(exportJob.id);
    await server.admin.jobs.retry(failing.id);
    await server.admin.jobs.cancel(failing.id);
    await server.admin.jobs.retry(failing.id); // ready again: the table still thinks it failed
    await user.click(screen.getByRole("button", { name: "Retry 1" }));

    const summary = await screen.findByText(/Retried 0 of 1 job; 1 failed/);
    expect(summary).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(failing.id);
    expect(screen.getByRole("status")).toHaveTextContent(/status is "ready"/);
  });

  it("deletes the selected jobs for an operator after asking, naming how many", async () => {
    const { space, exportJob, failing, token } = await seed();
    const user = userEvent.setup();
    renderPage(token, `/space/${space.id}/jobs`);
    await screen.findByRole("link", { name: "Export (workbook)" });
    await user.click(screen.getByRole("checkbox", { name: new RegExp(exportJob.id) }));
    await user.click(screen.getByRole("checkbox", { name: new RegExp(failing.id) }));
    await user.click(screen.getByRole("button", { name: "Delete 2" }));
    const ask = await screen.findByRole("dialog", { name: "Delete 2 jobs?" });
    await user.click(within(ask).getByRole("button", { name: "Keep them" }));
    expect(screen.getByRole("button", { name: "Delete 2" })).toHaveFocus();
    await expect(server.admin.jobs.get(exportJob.id)).resolves.toBeDefined();

    await user.click(screen.getByRole("button", { name: "Delete 2" }));
    await user.click(
      within(await screen.findByRole("dialog", { name: "Delete 2 jobs?" })).getByRole("button", {
        name: "Delete 2 jobs",
      }),
    );
    expect(await screen.findByText("Deleted 2 of 2 jobs.")).toBeInTheDocument();
    await expect(server.admin.jobs.get(exportJob.id)).rejects.toThrow();
    await expect(server.admin.jobs.get(failing.id)).rejects.toThrow();
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it("offers Delete to operators only", async () => {
    const { space } = await seed();
    renderPage(await server.token({ role: "user", spaceId: space.id }), `/space/${space.id}/jobs`);
    await screen.findByRole("link", { name: "Export (workbook)" });
    expect(screen.getByRole("button", { name: /^Cancel/ })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Delete/ })).toBeNull();
  });

  it("says so when the API cannot be reached", async () => {
    const { space, token } = await seed();
    server.msw.use(http.all(/\/v1\/jobs/, () => HttpResponse.error()));
    renderPage(token, `/space/${space.id}/jobs`);
    expect(await screen.findByRole("alert", {}, { timeout: 10_000 })).toHaveTextContent(
      "Could not load the jobs",
    );
  }, 15_000);
});
