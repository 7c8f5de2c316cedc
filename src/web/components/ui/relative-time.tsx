import { dateTimeText, relativeTimeText } from "../../lib/time-text";
import { useNow } from "../../lib/use-now";

/**
 * A time as people scan it, "3 min ago", with the date and time itself ("6 Dec 2026, 13:05") on hover and for
 * screen readers' `<time>`; it follows the clock (every 15 s) while shown.
 */
export function RelativeTime({ at, className }: { at: string; className?: string }) {
  const now = useNow(15_000);
  return (
    <time dateTime={at} title={dateTimeText(at)} className={className}>
      {relativeTimeText(at, now)}
    </time>
  );
}
