import { lazy, Suspense } from "react";
import type { ActionLauncher } from "../use-action-launcher";
import { errorText } from "../use-action-launcher";

// The dialogs are fetched on the first click that opens one, not with the page that shows the buttons.
const ActionFormDialog = lazy(async () => ({
  default: (await import("./action-form-dialog")).ActionFormDialog,
}));
const ConfirmActionDialog = lazy(async () => ({
  default: (await import("./confirm-action-dialog")).ConfirmActionDialog,
}));

/** The confirm or form dialog of the action a launcher opened; closes once the job is created. */
export function ActionDialogs({ launcher }: { launcher: ActionLauncher }) {
  const { opened, run, close } = launcher;
  if (!opened) return null;
  const { action } = opened;
  const start = (input?: Record<string, unknown>) => {
    if (run.isPending) return;
    run.mutate({ action, ...(input ? { input } : {}) }, { onSuccess: close });
  };
  // Radix returns focus to what was focused when the dialog opened; a menu item is gone by then, so focus goes back
  // to the button or menu trigger the action was launched from.
  const onCloseAutoFocus = (event: Event) => {
    const target = opened.returnFocus;
    if (target?.isConnected) {
      event.preventDefault();
      target.focus();
    }
  };
  if (opened.kind === "form" && action.inputForm) {
    return (
      <Suspense fallback={null}>
        <ActionFormDialog
          action={action}
          form={action.inputForm}
          pending={run.isPending}
          error={run.error ?? undefined}
          onSubmit={start}
          onClose={close}
          onCloseAutoFocus={onCloseAutoFocus}
        />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={null}>
      <ConfirmActionDialog
        action={action}
        pending={run.isPending}
        error={run.error ? errorText(run.error) : undefined}
        onConfirm={() => start()}
        onClose={close}
        onCloseAutoFocus={onCloseAutoFocus}
      />
    </Suspense>
  );
}
