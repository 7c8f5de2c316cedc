import { useQuery } from "@tanstack/react-query";
import { useId, useMemo } from "react";
import { formatCount } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { errorText } from "../../../lib/error-text";
import { useSearchParams } from "../../../lib/router";
import { useSession } from "../../auth";
import { spaceQueryOptions, spacesQueryOptions } from "../../spaces";
import { jobMetricsQueryOptions } from "../api/metrics-query-options";
import { METRIC_RANGES, parseMetricRange, type MetricRange } from "../metrics-range";
import { metricOperations, metricPeak, metricRows, metricTotals, type MetricRow } from "../metrics-series";
import { metricDurationText, peakText, percentText, throughputText } from "../metrics-text";
import { MetricChart, type MetricSeries } from "./metric-chart";
import "../metrics.css";

const THROUGHPUT: readonly MetricSeries[] = [
  { label: "Created", value: (row) => row.created, color: "--accent" },
  { label: "Completed", value: (row) => row.completed, color: "--ok", dash: [6, 4], hollow: true },
  { label: "Failed", value: (row) => row.failed, color: "--danger", dash: [2, 3] },
  {
    label: "Canceled",
    value: (row) => row.canceled,
    color: "--text-muted",
    dash: [10, 4, 2, 4],
    hollow: true,
  },
];
const FAILURE_RATE: readonly MetricSeries[] = [
  { label: "Failed of ended", value: (row) => row.failureRate, color: "--danger" },
];
const RUN_TIME: readonly MetricSeries[] = [
  { label: "p50", value: (row) => row.runP50, color: "--accent" },
  { label: "p95", value: (row) => row.runP95, color: "--warn", dash: [6, 4], hollow: true },
];
const WAIT_TIME: readonly MetricSeries[] = [
  { label: "p50", value: (row) => row.waitP50, color: "--accent" },
  { label: "p95", value: (row) => row.waitP95, color: "--warn", dash: [6, 4], hollow: true },
];

const countText = (value: number) => formatCount(value);
const NO_ROWS: readonly MetricRow[] = [];
const NO_END = "No job ended in this range.";
const NO_START = "No job started in this range.";

/**
 * `/jobs/metrics`: jobs created and ended, failure rate, run and wait times over a range, per operation or all; operators
 * see every space or pick one, users their own space. The range, operation and space live in the URL.
 */
export function MetricsPage() {
  const session = useSession();
  const api = useApi();
  const [search, setSearch] = useSearchParams();
  const operator = session?.role === "operator";
  const range = parseMetricRange(search.get("range"));
  const operation = search.get("operation") || undefined;
  // Users' metrics are their space's by their token; only operators name a space.
  const spaceId = operator ? search.get("space") || undefined : undefined;
  const metrics = useQuery(jobMetricsQueryOptions(api, range, spaceId));
  const data = metrics.data;
  const rows = useMemo(() => (data ? metricRows(data, operation) : undefined), [data, operation]);
  const operations = useMemo(() => (data ? metricOperations(data) : []), [data]);
  const totals = rows ? metricTotals(rows) : undefined;
  const busy = metrics.isFetching && (metrics.isPlaceholderData || !data);
  // Percentiles do not add up across operations: with several, each bucket shows its slowest operation's.
  const slowest = operation === undefined && operations.length > 1;

  const setParam = (name: string, value: string | undefined) =>
    setSearch(
      (current) => {
        if (value) current.set(name, value);
        else current.delete(name);
        return current;
      },
      { replace: true },
    );

  // Before a first answer: loading, or (the alert above says why) nothing to show.
  const pending = metrics.isError ? "No metrics to show." : "Loading metrics…";
  const chart = { rows: rows ?? NO_ROWS, bucketSeconds: data?.bucketSeconds ?? 3_600, busy, loading: !rows };
  const runPeak = metricPeak(chart.rows, "runP95");
  const waitPeak = metricPeak(chart.rows, "waitP95");
  const noJob = !totals || totals.created + totals.completed + totals.failed + totals.canceled === 0;
  return (
    <main className="content metrics-page" id="main">
      <div className="jt-header">
        <div>
          <p className="eyebrow">{operator ? "Operator insight" : "Your space"}</p>
          <h1>Metrics</h1>
        </div>
      </div>
      <div className="metrics-controls" role="group" aria-label="What the charts show">
        <RangePicker range={range} onChange={(next) => setParam("range", next)} />
        <OperationPicker
          operation={operation}
          operations={operations}
          onChange={(next) => setParam("operation", next)}
        />
        {operator ? <SpacePicker spaceId={spaceId} onChange={(next) => setParam("space", next)} /> : null}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {METRIC_RANGES[range].label}, {operation ?? "all operations"}
        {operator ? (spaceId ? ", one space" : ", every space") : ""}.
      </p>
      {metrics.isError ? (
        <p className="notice" role="alert">
          Could not load the metrics: {errorText(metrics.error)}
        </p>
      ) : null}
      <div className="metrics-grid">
        <MetricChart
          {...chart}
          title="Throughput"
          summary={totals ? throughputText(totals) : pending}
          series={THROUGHPUT}
          format={countText}
          empty={noJob}
        />
        <MetricChart
          {...chart}
          title="Failure rate"
          summary={
            totals
              ? peakText("failed of the jobs that ended", totals.failureRate, percentText, NO_END) +
                (totals.failureRate === null
                  ? ""
                  : ` Worst bucket: ${percentText(metricPeak(chart.rows, "failureRate") ?? 0)}.`)
              : pending
          }
          series={FAILURE_RATE}
          format={percentText}
          empty={totals?.failureRate == null}
        />
        <MetricChart
          {...chart}
          title={slowest ? "Run time (slowest operation)" : "Run time"}
          summary={totals ? peakText("highest p95", runPeak, metricDurationText, NO_END) : pending}
          series={RUN_TIME}
          format={metricDurationText}
          empty={runPeak === null}
        />
        <MetricChart
          {...chart}
          title={slowest ? "Wait time (slowest operation)" : "Wait time"}
          summary={totals ? peakText("highest p95", waitPeak, metricDurationText, NO_START) : pending}
          series={WAIT_TIME}
          format={metricDurationText}
          empty={waitPeak === null}
        />
      </div>
    </main>
  );
}

function RangePicker({ range, onChange }: { range: MetricRange; onChange: (range: MetricRange) => void }) {
  const id = useId();
  return (
    <div className="metrics-control">
      <label htmlFor={id}>Range</label>
      <select id={id} value={range} onChange={(event) => onChange(event.target.value as MetricRange)}>
        {(Object.keys(METRIC_RANGES) as MetricRange[]).map((key) => (
          <option key={key} value={key}>
            {METRIC_RANGES[key].label}
          </option>
        ))}
      </select>
    </div>
  );
}

function OperationPicker({
  operation,
  operations,
  onChange,
}: {
  operation: string | undefined;
  operations: readonly string[];
  onChange: (operation: string | undefined) => void;
}) {
  const id = useId();
  // A chosen operation stays in the list when the range holds none of its jobs, so the picker still says what it shows.
  const options = operation && !operations.includes(operation) ? [operation, ...operations] : operations;
  return (
    <div className="metrics-control">
      <label htmlFor={id}>Operation</label>
      <select id={id} value={operation ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All operations</option>
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}

function SpacePicker({
  spaceId,
  onChange,
}: {
  spaceId: string | undefined;
  onChange: (spaceId: string | undefined) => void;
}) {
  const id = useId();
  const api = useApi();
  const spaces = useQuery(spacesQueryOptions(api));
  const list = spaces.data?.data ?? [];
  const listed = !spaceId || list.some((space) => space.id === spaceId);
  // A space from a link that is not on the list's first page: asked for by itself, so the picker can name it.
  const linked = useQuery({ ...spaceQueryOptions(api, spaceId ?? ""), enabled: spaces.isSuccess && !listed });
  const options = spaceId && !listed ? [{ id: spaceId, name: linked.data?.name || spaceId }, ...list] : list;
  return (
    <div className="metrics-control">
      <label htmlFor={id}>Space</label>
      <select id={id} value={spaceId ?? ""} onChange={(event) => onChange(event.target.value || undefined)}>
        <option value="">All spaces</option>
        {options.map((space) => (
          <option key={space.id} value={space.id}>
            {space.name || space.id}
          </option>
        ))}
      </select>
    </div>
  );
}
