/** Short human durations: "45 s", "3 min", "2 h 5 min". */
export function durationText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** How long something ran: "under 1 s" rather than a "0 s" that reads as never having run, else `durationText`. */
export const elapsedText = (ms: number): string => (ms < 1000 ? "under 1 s" : durationText(ms));

/** The time left until an estimated completion: "about 2 min left", "finishing…", or undefined without an estimate. */
export function timeLeftText(estimatedCompletionAt: string | undefined, now: number): string | undefined {
  if (!estimatedCompletionAt) return undefined;
  const end = Date.parse(estimatedCompletionAt);
  if (Number.isNaN(end)) return undefined;
  const left = end - now;
  if (left <= 1000) return "finishing…";
  return `about ${durationText(left)} left`;
}

/** "updated 12 s ago". */
export function agoText(since: number, now: number): string {
  return `updated ${durationText(now - since)} ago`;
}

type When = string | number | Date;
const toDate = (when: When) => (when instanceof Date ? when : new Date(when));

// One format for every date and time the dashboard shows: "6 Dec 2026, 13:05" (day, short month, year, 24-hour
// clock), in the reader's time zone. The words are English like the rest of the dashboard, so the format is fixed
// rather than the browser's locale (which mixed "12/6/26, 1:05:07 PM" with "Dec 6, 2026" on one page).
const DATE_TIME = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const CLOCK = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
const CLOCK_SECONDS = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** An absolute date and time: "6 Dec 2026, 13:05"; "" for a missing or unreadable time. */
export function dateTimeText(when: When | undefined): string {
  if (when === undefined) return "";
  const date = toDate(when);
  return Number.isNaN(date.getTime()) ? "" : DATE_TIME.format(date);
}

/** A time of day, for events of one day in order (a job's timeline): "13:05:07". */
export function clockTimeText(when: When): string {
  const date = toDate(when);
  return Number.isNaN(date.getTime()) ? "" : CLOCK_SECONDS.format(date);
}

const sameDay = (a: Date, b: Date) => a.toDateString() === b.toDateString();

/** A time soon to come or just gone: "13:05" today, else the date and time ("6 Dec 2026, 13:05"). */
export function nearTimeText(when: When, now: number): string {
  const date = toDate(when);
  if (Number.isNaN(date.getTime())) return "";
  return sameDay(date, new Date(now)) ? CLOCK.format(date) : DATE_TIME.format(date);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago (or how soon): "just now", "40 s ago", "3 min ago", "2 h ago", "yesterday", "4 days ago"; beyond a
 * week the date and time itself. Pair it with `dateTimeText` in a tooltip (see `<RelativeTime>`).
 */
export function relativeTimeText(when: When, now: number): string {
  const date = toDate(when);
  if (Number.isNaN(date.getTime())) return "";
  const ms = now - date.getTime();
  const past = ms >= 0;
  const span = Math.abs(ms);
  if (span < 10_000) return past ? "just now" : "in a moment";
  let words: string;
  // Whole units, rounded down: "59 min ago" rather than "60 min ago" just before the hour.
  if (span < MINUTE) words = `${Math.floor(span / 1000)} s`;
  else if (span < HOUR) words = `${Math.floor(span / MINUTE)} min`;
  else if (span < DAY) words = `${Math.floor(span / HOUR)} h`;
  else if (span < 7 * DAY) {
    const days = Math.floor(span / DAY);
    if (days === 1) return past ? "yesterday" : "tomorrow";
    words = `${days} days`;
  } else return DATE_TIME.format(date);
  return past ? `${words} ago` : `in ${words}`;
}
