import { Link } from "../../../lib/router";
import { snapshotPath } from "../../../lib/paths";
import "../snapshots.css";

/** "Snapshots": a button-like link to a sheet's snapshots, for the sheet page's toolbar. */
export function SnapshotsLink({ spaceId, sheetId }: { spaceId: string; sheetId: string }) {
  return (
    <Link className="button snapshots-link" data-slot="snapshots-link" to={snapshotPath(spaceId, sheetId)}>
      <svg aria-hidden="true" width="16" height="16" viewBox="0 0 16 16" fill="none" stroke="currentColor">
        <rect x="1.5" y="4" width="13" height="9.5" rx="2" strokeWidth="1.5" />
        <circle cx="8" cy="8.75" r="2.5" strokeWidth="1.5" />
        <path d="M5.5 4 6.5 2h3l1 2" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      Snapshots
    </Link>
  );
}
