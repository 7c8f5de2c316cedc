// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { JobMetricsQuery, type JobMetrics, type JobMetricsBucket } from "../../../../core";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { MetricsPage } from "./metrics-page";

/** What each chart was drawn with: jsdom has no canvas, so uPlot is replaced by a recorder. */
const plots = vi.hoisted(() => [] as { series: { label?: string }[]; data: unknown[][] }[]);
vi.mock("uplot", () => ({
  default: class {
    constructor(options: { series: { label?: string }[] }, data: unknown[][]) {
      plots.push({ series: options.series, data });
    }
    setSize() {}
    destroy() {}
  },
}));

const server = useMockServer();
beforeEach(() => {
  plots.length = 0;
  vi.stubGlobal(
    "ResizeObserver",
    class {
      observe() {}
      disconnect() {}
    },
  );
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const bucket = (start: string, operation: string, fields: Partial<JobMetricsBucket>): JobMetricsBucket => ({
  start,
  operation,
  created: 0,
  completed: 0,
  failed: 0,
  canceled: 0,
  runMs: { p50: null, p95: null },
  waitMs: { p50: null, p95: null },
  ...fields,
});

/**
 * Serves `GET /metrics/jobs` as the server will: the asked window, its buckets from `buckets(window start)`. Returns
 * the queries the page sent, parsed by core's schema (so a query the server would refuse fails the test).
 */
function serveMetrics(buckets: (from: number, bucketMs: number) => JobMetricsBucket[] = () => []) {
  const queries: JobMetricsQuery[] = [];
  server.msw.use(
    http.get(/\/v1\/metrics\/jobs(?:\?|$)/, ({ request }) => {
      const query = JobMetricsQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
      queries.push(query);
      const bucketMs = { minute: 60, "5m": 300, hour: 3_600, day: 86_400 }[query.bucket] * 1_000;
      const data: JobMetrics = {
        from: query.from,
        to: query.to,
        bucketSeconds: bucketMs / 1_000,
        ...(query.spaceId ? { spaceId: query.spaceId } : {}),
        buckets: buckets(Date.parse(query.from), bucketMs),
      };
      return HttpResponse.json({ data });
    }),
  );
  return queries;
}

const iso = (ms: number) => new Date(ms).toISOString();

const burst = (from: number, bucketMs: number) => [
  bucket(iso(from), "workbook:export", {
    created: 5,
    completed: 3,
    failed: 2,
    runMs: { p50: 400, p95: 1_500 },
    waitMs: { p50: 20, p95: 90 },
  }),
  bucket(iso(from + bucketMs), "sheet:dedupe", {
    created: 3,
    completed: 2,
    canceled: 1,
    runMs: { p50: 80, p95: 120 },
  }),
];

async function renderPage(
  claims: Parameters<typeof server.token>[0] = { role: "operator" },
  url = "/jobs/metrics",
) {
  const token = await server.token(claims);
  renderWithApi(<MetricsPage />, { token, path: "/jobs/metrics", url });
}

describe("MetricsPage", () => {
  it("sums the range up in words and shows every bucket in the data table", async () => {
    const queries = serveMetrics(burst);
    await renderPage();

    const throughput = await screen.findByRole("region", { name: "Throughput" });
    expect(
      await within(throughput).findByText("8 created, 5 completed, 2 failed, 1 canceled."),
    ).toBeInTheDocument();
    expect(queries[0]).toMatchObject({ bucket: "hour" });
    expect(queries[0]?.spaceId).toBeUndefined();
    expect(Date.parse(queries[0]!.to) - Date.parse(queries[0]!.from)).toBe(86_400_000);
    expect(screen.getByRole("region", { name: "Failure rate" })).toHaveTextContent(
      "Failed of the jobs that ended: 25 %. Worst bucket: 40 %.",
    );
    // Two operations: percentiles cannot be added, so the charts say whose they show.
    expect(screen.getByRole("region", { name: "Run time (slowest operation)" })).toHaveTextContent(
      "Highest p95: 1.5 s.",
    );

    await userEvent.click(within(throughput).getByRole("button", { name: "Data table" }));
    expect(within(throughput).getByRole("button", { name: "Data table" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    const table = within(throughput).getByRole("table");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(24);
    expect(
      within(rows[0]!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["5", "3", "2", "0"]);
    expect(
      within(rows[1]!)
        .getAllByRole("cell")
        .map((cell) => cell.textContent),
    ).toEqual(["3", "2", "0", "1"]);

    const throughputPlot = plots.find((plot) => plot.series[1]?.label === "Created");
    expect(throughputPlot?.data[1]?.slice(0, 3)).toEqual([5, 3, 0]);
  });

  it("keeps the range, operation and space in the URL and asks for what they name", async () => {
    const queries = serveMetrics(burst);
    const space = await server.admin.spaces.create({ name: "Acme" });
    await renderPage();
    await screen.findByText("8 created, 5 completed, 2 failed, 1 canceled.");

    await userEvent.selectOptions(screen.getByLabelText("Operation"), "workbook:export");
    expect(await screen.findByText("5 created, 3 completed, 2 failed, 0 canceled.")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Run time" })).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText("Range"), "Last hour");
    await vi.waitFor(() => expect(queries.at(-1)).toMatchObject({ bucket: "minute" }));

    await screen.findByRole("option", { name: "Acme" });
    await userEvent.selectOptions(screen.getByLabelText("Space"), "Acme");
    await vi.waitFor(() => expect(queries.at(-1)).toMatchObject({ bucket: "minute", spaceId: space.id }));
    expect(screen.getByLabelText("Operation")).toHaveValue("workbook:export");
  });

  it("reads its choices from the URL", async () => {
    const queries = serveMetrics();
    await renderPage({ role: "operator" }, "/jobs/metrics?range=30d&operation=sheet:dedupe");
    await vi.waitFor(() => expect(queries[0]).toMatchObject({ bucket: "day" }));
    expect(screen.getByLabelText("Range")).toHaveValue("30d");
    expect(screen.getByLabelText("Operation")).toHaveValue("sheet:dedupe");
  });

  it("names a linked space the spaces list does not hold", async () => {
    serveMetrics();
    const space = await server.admin.spaces.create({ name: "Far away" });
    server.msw.use(
      http.get(/\/v1\/spaces(?:\?|$)/, () =>
        HttpResponse.json({ data: [], pagination: { currentPage: 1, pageCount: 0, totalCount: 0 } }),
      ),
    );
    await renderPage({ role: "operator" }, `/jobs/metrics?space=${space.id}`);
    expect(await screen.findByRole("option", { name: "Far away" })).toBeInTheDocument();
    expect(screen.getByLabelText("Space")).toHaveValue(space.id);
  });

  it("shows a user their own space's metrics, with no space to pick", async () => {
    const space = await server.admin.spaces.create({ name: "Mine" });
    const queries = serveMetrics(burst);
    await renderPage({ role: "user", spaceId: space.id }, "/jobs/metrics?space=us_sp_other");
    await screen.findByText("8 created, 5 completed, 2 failed, 1 canceled.");
    expect(screen.queryByLabelText("Space")).not.toBeInTheDocument();
    expect(queries[0]?.spaceId).toBeUndefined();
  });

  it("says when the range holds no job, in every chart", async () => {
    serveMetrics();
    await renderPage();
    expect(await screen.findByText("0 created, 0 completed, 0 failed, 0 canceled.")).toBeInTheDocument();
    expect(screen.getAllByText("No job in this range.")).toHaveLength(4);
    expect(screen.getByRole("region", { name: "Run time" })).toHaveTextContent("No job ended in this range.");
  });

  it("draws a failure rate of 0% when every job in the range completed", async () => {
    serveMetrics((from) => [
      bucket(iso(from), "workbook:export", { created: 4, completed: 4, runMs: { p50: 300, p95: 900 } }),
    ]);
    await renderPage();
    const failures = await screen.findByRole("region", { name: "Failure rate" });
    expect(await within(failures).findByText(/Failed of the jobs that ended: 0 %/)).toBeInTheDocument();
    expect(within(failures).queryByText("No job in this range.")).not.toBeInTheDocument();
    const ratePlot = plots.findLast((plot) => plot.series[1]?.label === "Failed of ended");
    expect(ratePlot?.data[1]?.[0]).toBe(0);
    // Nobody waited in this answer: that chart alone says so.
    expect(screen.getAllByText("No job in this range.")).toHaveLength(1);
    expect(screen.getByRole("region", { name: "Wait time" })).toHaveTextContent("No job in this range.");
  });

  it("says when the metrics cannot be read", async () => {
    server.msw.use(http.get(/\/v1\/metrics\/jobs(?:\?|$)/, () => HttpResponse.error()));
    await renderPage();
    // After the query client's two retries.
    expect(await screen.findByRole("alert", {}, { timeout: 5_000 })).toHaveTextContent(
      /Could not load the metrics/,
    );
  });
});
