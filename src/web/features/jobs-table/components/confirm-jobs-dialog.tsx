import type { RefObject } from "react";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog";
import { bulkJobsText, type ConfirmedBulkKind } from "../bulk-actions";

const QUESTIONS: Record<ConfirmedBulkKind, { description: string; keep: string }> = {
  cancel: {
    description:
      "They stop where they are, and what they did so far stays. A canceled job can be retried; it then runs again from the start.",
    keep: "Keep running",
  },
  delete: {
    description:
      "The jobs, their logs and their outcomes are removed for good; what they changed stays. Executing jobs are left alone.",
    keep: "Keep them",
  },
};

/**
 * Asks before a bulk cancel (it stops work that cannot be resumed, only run again from the start) or a bulk delete
 * (it cannot be undone). The safe answer comes first and takes the focus, so Enter never goes ahead by accident.
 */
export function ConfirmJobsDialog({
  kind,
  open,
  onOpenChange,
  count,
  returnFocusTo,
  onConfirm,
}: {
  kind: ConfirmedBulkKind;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The selected jobs it applies to. */
  count: number;
  /** The bulk button the question came from (the dialog has no trigger of its own to return to). */
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onConfirm: () => void;
}) {
  const question = QUESTIONS[kind];
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className="jt-confirm"
        // Not `data-slot`: that names the dialog panel, whose base styles place it over the overlay.
        data-kind={kind}
        onCloseAutoFocus={(event) => {
          if (!returnFocusTo.current || returnFocusTo.current.disabled) return;
          event.preventDefault();
          returnFocusTo.current.focus();
        }}
      >
        <DialogTitle>{bulkJobsText(kind, count)}?</DialogTitle>
        <DialogDescription>{question.description}</DialogDescription>
        <div className="jt-confirm-buttons">
          <DialogClose asChild>
            <Button>{question.keep}</Button>
          </DialogClose>
          <Button variant="primary" className={`jt-confirm-${kind}`} onClick={onConfirm}>
            {bulkJobsText(kind, count)}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
