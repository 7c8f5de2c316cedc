import { useRef, useState } from "react";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog";
import type { Job } from "../../../lib/api-types";
import {
  BULK_LABELS,
  cancelJobsText,
  isEligible,
  summaryText,
  type BulkKind,
  type BulkSummary,
} from "../bulk-actions";

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
  const cancelButton = useRef<HTMLButtonElement>(null);
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
              onClick={() => (kind === "cancel" ? setConfirming(true) : onRun(kind))}
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
      <Dialog open={confirming} onOpenChange={setConfirming}>
        <DialogContent
          className="jt-confirm"
          data-slot="jobs-cancel-confirm"
          // Back to Cancel N, where the question came from (the dialog has no trigger of its own to return to).
          onCloseAutoFocus={(event) => {
            if (!cancelButton.current || cancelButton.current.disabled) return;
            event.preventDefault();
            cancelButton.current.focus();
          }}
        >
          <DialogTitle>{cancelJobsText(count("cancel"))}?</DialogTitle>
          <DialogDescription>
            They stop where they are, and what they did so far stays. A canceled job can be retried; it then
            runs again from the start.
          </DialogDescription>
          <div className="jt-confirm-buttons">
            <DialogClose asChild>
              <Button>Keep running</Button>
            </DialogClose>
            <Button
              variant="primary"
              className="jt-confirm-cancel"
              onClick={() => {
                setConfirming(false);
                onRun("cancel");
              }}
            >
              {cancelJobsText(count("cancel"))}
            </Button>
          </div>
        </DialogContent>
      </Dialog>
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
