import { useEffect, useId, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { useThemeStore } from "../../theme";
import type { MetricRow } from "../metrics-series";
import { bucketTimeText } from "../metrics-text";

/**
 * One line of a chart. Colour is never the only difference: each line has its own dash pattern and point style,
 * drawn in the legend too, and every value is in the table.
 */
export type MetricSeries = {
  label: string;
  value: (row: MetricRow) => number | null;
  /** A theme colour token (`--ok`, `--danger`, ...). */
  color: string;
  dash?: number[];
  /** Hollow points instead of filled ones. */
  hollow?: boolean;
};

type MetricChartProps = {
  title: string;
  /** What the chart shows, in words: the whole window's figures. */
  summary: string;
  series: readonly MetricSeries[];
  rows: readonly MetricRow[];
  bucketSeconds: number;
  format: (value: number) => string;
  /** True while a new answer is on its way (the old one stays on screen). */
  busy?: boolean;
  /** True before the first answer: the card keeps its size, empty. */
  loading?: boolean;
  /**
   * True when the range holds nothing this chart draws (no job for the counts, no ended job for the failure rate):
   * the page says so. A zero is a value, not nothing: 0% failed is a line to draw.
   */
  empty: boolean;
};

/** The chart's height with its axes; metrics.css gives its area the same, so nothing moves as it draws. */
const PLOT_HEIGHT = 240;

/** A chart card: title, text summary, legend, and the uPlot chart or, at the toggle, the same data as a table. */
export function MetricChart(props: MetricChartProps) {
  const { title, summary, series, rows, bucketSeconds, format, busy, loading } = props;
  const id = useId();
  const [table, setTable] = useState(false);
  const empty = !loading && props.empty;
  return (
    <section className="metric-card" aria-labelledby={`${id}-title`} aria-busy={busy || undefined}>
      <div className="metric-card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <button
          type="button"
          className="button metric-table-toggle"
          aria-pressed={table}
          onClick={() => setTable(!table)}
        >
          Data table
        </button>
      </div>
      <p className="metric-summary" data-slot="metric-summary">
        {summary}
      </p>
      <ul className="metric-legend" aria-label={`${title}: lines`}>
        {series.map((line) => (
          <li key={line.label}>
            <LegendMark line={line} />
            {line.label}
          </li>
        ))}
      </ul>
      {table ? (
        <MetricTable
          title={title}
          series={series}
          rows={rows}
          bucketSeconds={bucketSeconds}
          format={format}
        />
      ) : (
        <div className="metric-plot-area">
          {loading ? null : <MetricPlot series={series} rows={rows} format={format} />}
          {empty ? <p className="metric-empty muted">No job in this range.</p> : null}
        </div>
      )}
    </section>
  );
}

function LegendMark({ line }: { line: MetricSeries }) {
  const color = `var(${line.color})`;
  return (
    <svg className="metric-legend-mark" width="28" height="10" aria-hidden="true">
      <line
        x1="0"
        y1="5"
        x2="28"
        y2="5"
        stroke={color}
        strokeWidth="2"
        strokeDasharray={line.dash?.join(" ")}
      />
      <circle
        cx="14"
        cy="5"
        r="3.5"
        stroke={color}
        strokeWidth="1.5"
        fill={line.hollow ? "var(--surface)" : color}
      />
    </svg>
  );
}

/** The chart itself, hidden from assistive technology: the summary and the table say the same in words. */
function MetricPlot({
  series,
  rows,
  format,
}: {
  series: readonly MetricSeries[];
  rows: readonly MetricRow[];
  format: (value: number) => string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const theme = useThemeStore((state) => state.theme);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const style = getComputedStyle(document.documentElement);
    const token = (name: string) => style.getPropertyValue(name).trim() || "currentColor";
    const axis: uPlot.Axis = {
      stroke: token("--text-muted"),
      grid: { stroke: token("--border"), width: 1 },
      ticks: { stroke: token("--border"), width: 1 },
    };
    const plot = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: PLOT_HEIGHT,
        legend: { show: false },
        scales: { y: { range: (_plot, _min, max) => [0, max > 0 ? max : 1] } },
        axes: [axis, { ...axis, size: 64, values: (_plot, values) => values.map((value) => format(value)) }],
        series: [
          {},
          ...series.map((line) => ({
            label: line.label,
            stroke: token(line.color),
            width: 2,
            dash: line.dash,
            points: {
              show: true,
              size: 7,
              width: 1.5,
              stroke: token(line.color),
              fill: line.hollow ? token("--surface") : token(line.color),
            },
          })),
        ],
      },
      [rows.map((row) => row.start / 1_000), ...series.map((line) => rows.map((row) => line.value(row)))],
      element,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(element.clientWidth, 200), height: PLOT_HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [series, rows, format, theme]);
  return <div ref={host} className="metric-plot" aria-hidden="true" data-slot="metric-plot" />;
}

function MetricTable({
  title,
  series,
  rows,
  bucketSeconds,
  format,
}: {
  title: string;
  series: readonly MetricSeries[];
  rows: readonly MetricRow[];
  bucketSeconds: number;
  format: (value: number) => string;
}) {
  return (
    // Scrolls inside the card's chart height, so toggling keeps the page below in place; focusable to scroll by keys.
    <div className="metric-table-wrap" role="region" aria-label={`${title}: data table`} tabIndex={0}>
      <table className="summary-table metric-table">
        <caption className="visually-hidden">{title}, per bucket</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            {series.map((line) => (
              <th scope="col" key={line.label}>
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.start}>
              <th scope="row">{bucketTimeText(row.start, bucketSeconds)}</th>
              {series.map((line) => {
                const value = line.value(row);
                return <td key={line.label}>{value === null ? "—" : format(value)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
