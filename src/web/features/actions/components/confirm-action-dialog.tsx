import type { Action } from "../../../../core";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import "../actions.css";

/** "Publish report?": the action's description, Cancel, and a button with the action's label that starts the job. */
export function ConfirmActionDialog({
  action,
  noWorker,
  pending,
  error,
  confirmLabel,
  onConfirm,
  onClose,
  onCloseAutoFocus,
}: {
  action: Action;
  /** That no connected listener would run its job: repeated here, the job still starts (and waits). */
  noWorker?: string | undefined;
  pending: boolean;
  error: string | undefined;
  /** The confirm button's words when not the action's label: "Retry" after the server could not be reached. */
  confirmLabel?: string | undefined;
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
        {noWorker ? (
          <p className="action-no-worker-note" data-slot="action-no-worker-note">
            <span className="action-no-worker" aria-hidden="true" />
            {noWorker}.
          </p>
        ) : null}
        {error ? (
          <p className="action-alert" role="alert">
            {error}
          </p>
        ) : null}
        <DialogButtons
          className="action-dialog-buttons"
          confirmClassName="action-submit"
          pending={pending}
          onConfirm={onConfirm}
        >
          {confirmLabel ?? action.label}
        </DialogButtons>
      </DialogContent>
    </Dialog>
  );
}
