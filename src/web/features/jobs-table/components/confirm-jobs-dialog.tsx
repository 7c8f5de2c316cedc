import type { RefObject } from "react";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog";
import { cancelJobsText } from "../bulk-actions";

/** Asks before a bulk cancel: it stops work that cannot be resumed, only run again from the start. */
export function CancelJobsDialog({
  open,
  onOpenChange,
  count,
  returnFocusTo,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The selected jobs that can be canceled. */
  count: number;
  /** Cancel N, where the question came from (the dialog has no trigger of its own to return to). */
  returnFocusTo: RefObject<HTMLButtonElement | null>;
  onConfirm: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        className="jt-confirm"
        data-slot="jobs-cancel-confirm"
        // Back to Cancel N, where the question came from (the dialog has no trigger of its own to return to).
        onCloseAutoFocus={(event) => {
          if (!returnFocusTo.current || returnFocusTo.current.disabled) return;
          event.preventDefault();
          returnFocusTo.current.focus();
        }}
      >
        <DialogTitle>{cancelJobsText(count)}?</DialogTitle>
        <DialogDescription>
          They stop where they are, and what they did so far stays. A canceled job can be retried; it then
          runs again from the start.
        </DialogDescription>
        <div className="jt-confirm-buttons">
          <DialogClose asChild>
            <Button>Keep running</Button>
          </DialogClose>
          <Button variant="primary" className="jt-confirm-cancel" onClick={onConfirm}>
            {cancelJobsText(count)}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
