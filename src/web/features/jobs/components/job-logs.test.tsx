// @vitest-environment jsdom
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { JOB_LOGS_APPENDED_TOPIC, type JobLogLineInput } from "../../../../core";
import type { ApiClient, StreamEvent } from "../../../../sdk";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { useLocation } from "../../../lib/router";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { applyEvents } from "../../live";
import { jobsLiveHandler } from "../api/jobs-live-handler";
import { JobLogs } from "./job-logs";

const server = useMockServer();

afterEach(cleanup);

/** What the page's own cache, client and URL are, for the test to feed events and read the query. */
const page: { client?: QueryClient; api?: ApiClient; search?: string } = {};
function Probe() {
  page.client = useQueryClient();
  page.api = useApi();
  page.search = useLocation().search;
  return null;
}

/** A running job with `lines` already written, its log shown at `url`. */
async function showLog(lines: JobLogLineInput[], { url = "/", finish = false } = {}) {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Logs" });
  const created = await admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: "us_wb_1",
    spaceId: space.id,
    trigger: "immediate",
  });
  let job: Job = await admin.jobs.ack(created.id, { info: "Working", progress: 10 });
  for (let i = 0; i < lines.length; i += 500) await admin.jobs.log(job.id, lines.slice(i, i + 500));
  if (finish) job = await admin.jobs.complete(job.id, {});
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(
    <>
      <JobLogs job={job} />
      <Probe />
    </>,
    { token, url },
  );
  return { job, admin };
}

/** The events the server published about the job's log, as the page's stream would deliver them. */
async function deliverLogEvents(jobId: string) {
  const events = (await server.admin.events.list({ jobId, pageSize: 1_000 })).data as StreamEvent[];
  act(() =>
    applyEvents(
      [jobsLiveHandler],
      events.filter((event) => event.topic === JOB_LOGS_APPENDED_TOPIC),
      { client: page.client!, api: page.api! },
    ),
  );
}

const shownLines = () =>
  screen.queryAllByRole("listitem").map((item) => item.querySelector(".job-log-message")?.textContent);

const line = (message: string, level: JobLogLineInput["level"] = "info"): JobLogLineInput => ({
  level,
  message,
});

describe("JobLogs", () => {
  it("shows each line's time, level as a word and message, with its data behind a disclosure", async () => {
    await showLog([
      line("Reading the contacts", "debug"),
      { level: "info", message: "Read 60 contacts", data: { sheet: "contacts", rows: 60 } },
      line("3 contacts have no email", "warn"),
      line("The CRM refused batch 2", "error"),
    ]);
    const list = await screen.findByRole("region", { name: "Log lines" });
    const items = await within(list).findAllByRole("listitem");
    expect(items.map((item) => item.dataset.level)).toEqual(["debug", "info", "warn", "error"]);
    expect(items[2]).toHaveTextContent("Warning3 contacts have no email");
    expect(items[3]).toHaveTextContent("ErrorThe CRM refused batch 2");
    expect(items[1]!.querySelector("time")).toHaveAttribute("dateTime");
    await userEvent.click(within(items[1]!).getByText("Data"));
    expect(within(items[1]!).getByText(/"rows": 60/)).toBeVisible();
    expect(screen.getByText("4 lines · following")).toHaveAttribute("aria-live", "polite");
  });

  it("filters by level on the server and keeps the level in the URL", async () => {
    await showLog([
      line("step one"),
      line("slow answer", "warn"),
      line("step two"),
      line("gave up", "error"),
    ]);
    await screen.findByText("step one");
    await userEvent.selectOptions(screen.getByLabelText("Level"), "Warning and worse");
    await waitFor(() => expect(shownLines()).toEqual(["slow answer", "gave up"]));
    expect(page.search).toBe("?logLevel=warn");
    expect(screen.getByText("2 lines match · following")).toBeInTheDocument();
  });

  it("searches the messages once typing pauses, from the URL too", async () => {
    const requests: string[] = [];
    server.msw.events.on("request:start", ({ request }) => {
      const url = new URL(request.url);
      if (request.method === "GET" && url.pathname.endsWith("/logs"))
        requests.push(url.searchParams.get("q") ?? "");
    });
    await showLog([line("Batch 1 sent"), line("Waiting"), line("batch 2 sent")], {
      url: "/?logQuery=waiting",
    });
    await waitFor(() => expect(shownLines()).toEqual(["Waiting"]));
    const search = screen.getByLabelText("Search");
    expect(search).toHaveValue("waiting");
    // Typed over the whole text, as a person selecting it and typing does.
    await userEvent.type(search, "batch", { initialSelectionStart: 0, initialSelectionEnd: 7 });
    await waitFor(() => expect(shownLines()).toEqual(["Batch 1 sent", "batch 2 sent"]));
    expect(page.search).toBe("?logQuery=batch");
    // One read for the address's search and one for the settled text, none per key.
    expect(requests).toEqual(["waiting", "batch"]);
  });

  it("follows: lines announced by the event stream are read after the last one and added at the end", async () => {
    const { job, admin } = await showLog([line("first")]);
    await screen.findByText("first");
    await admin.jobs.log(job.id, [line("second"), line("third", "warn")]);
    await deliverLogEvents(job.id);
    await waitFor(() => expect(shownLines()).toEqual(["first", "second", "third"]));
    expect(screen.getByText("3 lines · following")).toBeInTheDocument();
  });

  it("does not add lines while Follow is off, and offers them", async () => {
    const { job, admin } = await showLog([line("first")]);
    await screen.findByText("first");
    await userEvent.click(screen.getByRole("button", { name: "Follow", pressed: true }));
    await admin.jobs.log(job.id, [line("second")]);
    await deliverLogEvents(job.id);
    const show = await screen.findByRole("button", { name: "Show new lines" });
    expect(shownLines()).toEqual(["first"]);
    await userEvent.click(show);
    await waitFor(() => expect(shownLines()).toEqual(["first", "second"]));
  });

  it("shows the newest lines first and pages back with Load earlier lines", async () => {
    await showLog(Array.from({ length: 250 }, (_, i) => line(`line ${i + 1}`)));
    await screen.findByText("line 250");
    expect(shownLines()).toHaveLength(200);
    expect(shownLines()[0]).toBe("line 51");
    await userEvent.click(screen.getByRole("button", { name: "Load earlier lines" }));
    await waitFor(() => expect(shownLines()).toHaveLength(250));
    expect(shownLines()[0]).toBe("line 1");
    expect(screen.queryByRole("button", { name: "Load earlier lines" })).toBeNull();
  });

  it("says when a running job has no lines yet, and when a finished one wrote none", async () => {
    await showLog([]);
    expect(await screen.findByText("No log lines yet.")).toBeInTheDocument();
    cleanup();
    await showLog([], { finish: true });
    expect(await screen.findByText("This job wrote no log lines.")).toBeInTheDocument();
    // A finished job has nothing to follow.
    expect(screen.queryByRole("button", { name: "Follow" })).toBeNull();
  });

  it("shows one attempt's lines when the job ran more than once, kept in the URL", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Logs" });
    const created = await admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: "us_wb_1",
      spaceId: space.id,
      trigger: "immediate",
      retry: { attempts: 2, backoff: { type: "fixed", delaySeconds: 60 } },
    });
    await admin.jobs.ack(created.id);
    await admin.jobs.log(created.id, [line("first try")]);
    const job = await admin.jobs.fail(created.id, { outcome: { message: "busy" } });
    await admin.jobs.log(created.id, [line("while waiting")]);
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(
      <>
        <JobLogs job={job} />
        <Probe />
      </>,
      { token },
    );
    await waitFor(() => expect(shownLines()).toEqual(["first try", "while waiting"]));
    await userEvent.selectOptions(screen.getByRole("combobox", { name: "Attempt" }), "Attempt 1");
    await waitFor(() => expect(shownLines()).toEqual(["first try"]));
    expect(page.search).toBe("?logAttempt=1");
  });
});
