import type { Action } from "../../../../core";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog";
import "../actions.css";

/** "Publish report?": the action's description, Cancel, and a button with the action's label that starts the job. */
export function ConfirmActionDialog({
  action,
  pending,
  error,
  onConfirm,
  onClose,
  onCloseAutoFocus,
}: {
  action: Action;
  pending: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        className="action-dialog"
        data-kind="confirm"
        onCloseAutoFocus={onCloseAutoFocus}
        {...(action.description ? {} : { "aria-describedby": undefined })}
      >
        <DialogTitle>{action.label}</DialogTitle>
        {action.description ? (
          <DialogDescription className="action-dialog-text">{action.description}</DialogDescription>
        ) : null}
        {error ? (
          <p className="action-alert" role="alert">
            {error}
          </p>
        ) : null}
        <div className="action-dialog-buttons">
          <DialogClose asChild>
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            variant="primary"
            className="action-submit"
            aria-disabled={pending || undefined}
            data-busy={pending || undefined}
            onClick={() => {
              if (!pending) onConfirm();
            }}
          >
            {action.label}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
