import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { BULK_LABELS, isEligible, summaryText, type BulkKind, type BulkSummary } from "../bulk-actions";

type BulkBarProps = {
  selected: readonly Job[];
  running: BulkKind | undefined;
  summary: BulkSummary | undefined;
  onRun: (kind: BulkKind) => void;
  onClear: () => void;
};

/** What can be done to the selected jobs (only the eligible ones are sent), and how the last bulk action went. */
export function BulkBar({ selected, running, summary, onRun, onClear }: BulkBarProps) {
  const count = (kind: BulkKind) => selected.filter((job) => isEligible(kind, job)).length;
  return (
    <div className="jt-bulk" data-slot="jobs-bulk">
      <div className="jt-bulk-actions" role="group" aria-label="Selected jobs">
        <span className="jt-bulk-count">
          {selected.length === 0 ? "No job selected" : `${selected.length} selected`}
        </span>
        {(["cancel", "retry"] as const).map((kind) => {
          const eligible = count(kind);
          return (
            <Button
              key={kind}
              variant={kind === "cancel" ? "default" : "primary"}
              className={kind === "cancel" ? "jt-danger" : undefined}
              disabled={eligible === 0 || running !== undefined}
              onClick={() => onRun(kind)}
            >
              {running === kind ? `${BULK_LABELS[kind].verb}ing…` : `${BULK_LABELS[kind].verb} ${eligible}`}
            </Button>
          );
        })}
        {selected.length > 0 ? (
          <Button variant="ghost" onClick={onClear} disabled={running !== undefined}>
            Clear selection
          </Button>
        ) : null}
      </div>
      <div role="status" className="jt-summary" data-slot="jobs-bulk-summary">
        {summary ? (
          <>
            <span data-failed={summary.failed.length > 0 || undefined}>{summaryText(summary)}</span>
            {summary.failed.length > 0 ? (
              <ul className="jt-failures">
                {summary.failed.map(({ job, message }) => (
                  <li key={job.id}>
                    <code>{job.id}</code>: {message}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
