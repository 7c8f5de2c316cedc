import { Suspense } from "react";
import { errorText, isUnreachable } from "../../../lib/error-text";
import { lazyComponent, usePreloadSoon } from "../../../lib/lazy-component";
import type { ActionLauncher } from "../use-action-launcher";

// The dialogs are not part of the page that shows the buttons: they are fetched soon after it shows, so that a click
// while offline still opens one, and fetched again on a click if that failed (see lib/lazy-component.ts).
const ActionFormDialog = lazyComponent(async () => (await import("./action-form-dialog")).ActionFormDialog);
const ConfirmActionDialog = lazyComponent(
  async () => (await import("./confirm-action-dialog")).ConfirmActionDialog,
);

/** Fetches the dialog of `kind`; the launcher opens it only once it is here, and says so when it cannot be fetched. */
export const loadActionDialog = (kind: "confirm" | "form") =>
  kind === "form" ? ActionFormDialog.preload() : ConfirmActionDialog.preload();

/** The confirm or form dialog of the action a launcher opened; closes once the job is created. */
export function ActionDialogs({ launcher }: { launcher: ActionLauncher }) {
  const { opened, run, close } = launcher;
  usePreloadSoon(ConfirmActionDialog, ActionFormDialog);
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
        noWorker={launcher.noWorkerHint(action)}
        pending={run.isPending}
        error={run.error ? errorText(run.error) : undefined}
        confirmLabel={run.error && isUnreachable(run.error) ? "Retry" : undefined}
        onConfirm={() => start()}
        onClose={close}
        onCloseAutoFocus={onCloseAutoFocus}
      />
    </Suspense>
  );
}
