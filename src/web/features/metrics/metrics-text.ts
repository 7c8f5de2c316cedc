import { formatCount } from "../../../core";
import { dateTimeText, durationText } from "../../lib/time-text";
import type { MetricTotals } from "./metrics-series";

const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** A bucket's start: the date alone for day buckets ("6 Dec 2026"), else date and time ("6 Dec 2026, 13:05"). */
export const bucketTimeText = (start: number, bucketSeconds: number): string =>
  bucketSeconds >= 86_400 ? DAY.format(new Date(start)) : dateTimeText(start);

/** A run or wait time: "350 ms", "1.4 s", then as `durationText` ("3 min"). Jobs are often quick: ms matter. */
export function metricDurationText(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 10_000) return `${(ms / 1_000).toFixed(1)} s`;
  return durationText(ms);
}

/** A rate from 0 to 1 as a percentage: "12.5 %", whole numbers without decimals ("0 %", "100 %"). */
export const percentText = (rate: number): string => {
  const percent = Math.round(rate * 1_000) / 10;
  return `${percent} %`;
};

/** The throughput chart's summary: "7 created, 4 completed, 2 failed, 1 canceled." */
export const throughputText = (totals: MetricTotals): string =>
  `${formatCount(totals.created)} created, ${formatCount(totals.completed)} completed, ` +
  `${formatCount(totals.failed)} failed, ${formatCount(totals.canceled)} canceled.`;

/** A summary for a chart of one measure over the window: its overall or peak value, or `none` when there is none. */
export const peakText = (
  what: string,
  value: number | null,
  format: (value: number) => string,
  none: string,
): string => (value === null ? none : `${what[0]!.toUpperCase()}${what.slice(1)}: ${format(value)}.`);
