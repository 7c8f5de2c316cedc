import { Suspense, useRef, useState } from "react";
import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { lazyComponent, preloadOnIntent, usePreloadSoon } from "../../../lib/lazy-component";
import { BULK_LABELS, isEligible, summaryText, type BulkKind, type BulkSummary } from "../bulk-actions";

// The question before a bulk cancel, with the dialog library: fetched soon after the table shows, or when Cancel is
// first hovered or focused, so the table's own route change does not wait for it.
const CancelJobsDialog = lazyComponent(async () => (await import("./cancel-jobs-dialog")).CancelJobsDialog);

type BulkBarProps = {
  selected: readonly Job[];
  running: BulkKind | undefined;
  summary: BulkSummary | undefined;
  onRun: (kind: BulkKind) => void;
  onClear: () => void;
};

/**
 * What can be done to the selected jobs (only the eligible ones are sent), and how the last bulk action went. Cancel
 * asks first: it stops work that cannot be resumed, only run again from the start.
 */
export function BulkBar({ selected, running, summary, onRun, onClear }: BulkBarProps) {
  const count = (kind: BulkKind) => selected.filter((job) => isEligible(kind, job)).length;
  const [confirming, setConfirming] = useState(false);
  // Mounted from the first question on, so that closing it returns focus as the dialog does.
  const [asked, setAsked] = useState(false);
  const cancelButton = useRef<HTMLButtonElement>(null);
  usePreloadSoon(CancelJobsDialog);
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
              ref={kind === "cancel" ? cancelButton : undefined}
              variant={kind === "cancel" ? "default" : "primary"}
              className={kind === "cancel" ? "jt-danger" : undefined}
              disabled={eligible === 0 || running !== undefined}
              {...(kind === "cancel" ? preloadOnIntent(CancelJobsDialog) : {})}
              onClick={() => {
                if (kind !== "cancel") return onRun(kind);
                setAsked(true);
                setConfirming(true);
              }}
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
      {asked ? (
        <Suspense fallback={null}>
          <CancelJobsDialog
            open={confirming}
            onOpenChange={setConfirming}
            count={count("cancel")}
            returnFocusTo={cancelButton}
            onConfirm={() => {
              setConfirming(false);
              onRun("cancel");
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
