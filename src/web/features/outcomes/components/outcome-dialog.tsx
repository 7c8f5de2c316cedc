import { useMutation } from "@tanstack/react-query";
import { Button } from "../../../components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { jobTitle, STATUS_LABELS, useJobTitle } from "../../jobs";
import { resolveNextStep } from "../next-step";
import { NextStepButton } from "./next-step-button";
import "../outcomes.css";
import { errorText } from "../../../lib/error-text";

/**
 * The outcome's acknowledge button, the same word on every outcome (Flatfile's default), unless the listener names it
 * with `buttonText`.
 */
export const ACKNOWLEDGE_LABEL = "Continue";

/**
 * The heading of a finished job's outcome, or words for its status when the listener gave none. `title` names the
 * job: the label of the action that started it ("Contact details only"), else the job's name.
 */
export function outcomeHeading(job: Job, title = jobTitle(job)): string {
  if (job.outcome?.heading) return job.outcome.heading;
  if (job.status === "failed") return `${title} failed`;
  if (job.status === "canceled") return `${title} was canceled`;
  return `${title} finished`;
}

/** The message of an outcome; for a failure without one, the job's last info. Plain text, never HTML. */
export const outcomeMessage = (job: Job): string | undefined =>
  job.outcome?.message ?? (job.status === "failed" ? job.info : undefined);

/**
 * The modal of an outcome with `acknowledge: true`. It stays until the person clicks its button (Escape and clicks
 * outside do nothing): the default button (`ACKNOWLEDGE_LABEL` unless `buttonText` says otherwise) or the next step; either
 * acknowledges the outcome (`outcome/ack`), which closes it here and in every other tab. A retry is the exception: it
 * clears the outcome and its acknowledgement, and the job is no longer final (an `outcome/ack` would be refused), so
 * the dialog just closes; other tabs close theirs when the job turns ready. Focus starts on the dialog itself, not on
 * a button, so a key pressed by chance (Space, Enter) acknowledges nothing: the person reads it, then Tabs or clicks.
 */
export function OutcomeDialog({ job, onClose }: { job: Job; onClose: () => void }) {
  const api = useApi();
  const title = useJobTitle(job);
  const ack = useMutation({
    mutationFn: () => api.jobs.ackOutcome(job.id),
    onSuccess: onClose,
  });
  const outcome = job.outcome ?? {};
  const step = resolveNextStep(outcome.next, window.location.origin);
  const actionable = step !== undefined && step.kind !== "wait" && step.kind !== "unsafe";
  // A modal must always have a way out: without a next step to take, the default button stays.
  const showDefault = !outcome.hideDefaultButton || !actionable;
  const failed = job.status === "failed";
  const message = outcomeMessage(job);
  return (
    <Dialog open>
      <DialogContent
        className="outcome-dialog"
        data-status={job.status}
        role="alertdialog"
        aria-describedby={message ? "outcome-message" : undefined}
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          (event.currentTarget as HTMLElement | null)?.focus();
        }}
        onEscapeKeyDown={(event) => event.preventDefault()}
        onPointerDownOutside={(event) => event.preventDefault()}
        onInteractOutside={(event) => event.preventDefault()}
      >
        <p className="outcome-kicker" data-failed={failed || undefined}>
          {STATUS_LABELS[job.status]} · {title}
        </p>
        <DialogTitle>{outcomeHeading(job, title)}</DialogTitle>
        {message ? (
          <DialogDescription id="outcome-message" className="outcome-message">
            {message}
          </DialogDescription>
        ) : null}
        {step?.kind === "wait" ? (
          <div className="outcome-wait" data-fade={step.fade || undefined} data-slot="outcome-wait">
            <span className="outcome-wait-dots" aria-hidden="true" />
            <span>Please wait…</span>
            {step.confetti ? <span className="outcome-confetti" aria-hidden="true" /> : null}
          </div>
        ) : null}
        {ack.isError ? (
          <p className="error-text" role="alert">
            Could not acknowledge: {errorText(ack.error)}
          </p>
        ) : null}
        <div className="dialog-actions">
          {showDefault ? (
            <Button
              variant={actionable ? "default" : "primary"}
              disabled={ack.isPending}
              onClick={() => ack.mutate()}
              data-slot="outcome-default-button"
            >
              {outcome.buttonText || ACKNOWLEDGE_LABEL}
            </Button>
          ) : null}
          {step ? (
            <NextStepButton
              job={job}
              step={step}
              onTaken={step.kind === "retry" ? onClose : () => ack.mutate()}
            />
          ) : null}
        </div>
      </DialogContent>
    </Dialog>
  );
}
