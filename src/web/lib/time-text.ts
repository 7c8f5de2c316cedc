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
