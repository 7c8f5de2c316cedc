import { agoText } from "../../../lib/time-text";
import { useNow } from "../../../lib/use-now";
import { useConnectionStore, type ConnectionStatus } from "../connection-store";

const LABELS: Record<ConnectionStatus, string> = {
  connecting: "Connecting",
  live: "Live",
  reconnecting: "Reconnecting",
  offline: "Offline",
};

/** Live, reconnecting or offline; when not live, how old the data on screen is. */
export function ConnectionIndicator() {
  const status = useConnectionStore((state) => state.status);
  const freshAt = useConnectionStore((state) => state.freshAt);
  const now = useNow(1000, status !== "live");
  const stale = status !== "live" && freshAt !== undefined;
  return (
    <span className="connection" data-slot="connection-indicator" data-status={status} role="status">
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-label">{LABELS[status]}</span>
      {stale ? <span className="connection-age">· {agoText(freshAt, now)}</span> : null}
    </span>
  );
}
