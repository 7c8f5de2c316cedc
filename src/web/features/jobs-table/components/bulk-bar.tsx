import { Suspense, useRef, useState } from "react";
import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { lazyComponent, preloadOnIntent, usePreloadSoon } from "../../../lib/lazy-component";
import {
  BULK_LABELS,
  isEligible,
  summaryText,
  type BulkKind,
  type BulkSummary,
  type ConfirmedBulkKind,
} from "../bulk-actions";

// The question before a bulk cancel or delete, with the dialog library: fetched soon after the table shows, or when
// Cancel or Delete is first hovered or focused, so the table's own route change does not wait for it.
const ConfirmJobsDialog = lazyComponent(
  async () => (await import("./confirm-jobs-dialog")).ConfirmJobsDialog,
);

const isConfirmed = (kind: BulkKind): kind is ConfirmedBulkKind => kind !== "retry";

type BulkBarProps = {
  selected: readonly Job[];
  /** Operators may delete jobs (the API refuses anyone else). */
  canDelete: boolean;
  running: BulkKind | undefined;
  summary: BulkSummary | undefined;
  onRun: (kind: BulkKind) => void;
  onClear: () => void;
};

/**
 * What can be done to the selected jobs (only the eligible ones are sent), and how the last bulk action went. Cancel
 * and Delete ask first: one stops work that cannot be resumed, the other cannot be undone.
 */
export function BulkBar({ selected, canDelete, running, summary, onRun, onClear }: BulkBarProps) {
  const count = (kind: BulkKind) => selected.filter((job) => isEligible(kind, job)).length;
  const [confirming, setConfirming] = useState(false);
  // Mounted from the first question on (and kept, naming the last kind asked about), so that closing it returns
  // focus as the dialog does.
  const [asked, setAsked] = useState<ConfirmedBulkKind>();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  usePreloadSoon(ConfirmJobsDialog);
  const kinds: BulkKind[] = canDelete ? ["cancel", "retry", "delete"] : ["cancel", "retry"];
  return (
    <div className="jt-bulk" data-slot="jobs-bulk">
      <div className="jt-bulk-actions" role="group" aria-label="Selected jobs">
        <span className="jt-bulk-count">
          {selected.length === 0 ? "No job selected" : `${selected.length} selected`}
        </span>
        {kinds.map((kind) => {
          const eligible = count(kind);
          return (
            <Button
              key={kind}
              ref={kind === "cancel" ? cancelButton : kind === "delete" ? deleteButton : undefined}
              variant={kind === "retry" ? "primary" : "default"}
              className={kind === "retry" ? undefined : "jt-danger"}
              disabled={eligible === 0 || running !== undefined}
              {...(isConfirmed(kind) ? preloadOnIntent(ConfirmJobsDialog) : {})}
              onClick={() => {
                if (!isConfirmed(kind)) return onRun(kind);
                setAsked(kind);
                setConfirming(true);
              }}
            >
              {running === kind ? BULK_LABELS[kind].pending : `${BULK_LABELS[kind].verb} ${eligible}`}
            </Button>
          );
        })}
        {selected.length > 0 ? (
          <Button variant="ghost" onClick={onClear} disabled={running !== undefined}>
            Clear selection
          </Button>
        ) : null}
      </div>
      {asked ? (
        <Suspense fallback={null}>
          <ConfirmJobsDialog
            kind={asked}
            open={confirming}
            onOpenChange={setConfirming}
            count={count(asked)}
            returnFocusTo={asked === "delete" ? deleteButton : cancelButton}
            onConfirm={() => {
              setConfirming(false);
              onRun(asked);
            }}
          />
        </Suspense>
      ) : null}
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
