import { Link } from "react-router";
import {
  Toast,
  ToastAction,
  ToastClose,
  ToastDescription,
  ToastProvider,
  ToastTitle,
  ToastViewport,
} from "../../../components/ui/toast";
import type { Job } from "../../../lib/api-types";
import { NextStepButton } from "../../outcomes/components/next-step-button";
import { resolveNextStep } from "../../outcomes/next-step";
import { jobPath } from "../job-paths";
import { useToastStore } from "../toast-store";
import "../jobs.css";

/** The toasts on screen (Radix Toast): loaded with the first toast, not with the first page. */
export function JobToasts() {
  const toasts = useToastStore((state) => state.toasts);
  const dismiss = useToastStore((state) => state.dismiss);
  return (
    <ToastProvider swipeDirection="right" label="Job notifications">
      {toasts.map((toast) => (
        <Toast
          key={toast.id}
          data-tone={toast.tone}
          data-job-id={toast.jobId}
          duration={toast.tone === "error" ? 10_000 : 6_000}
          onOpenChange={(open) => {
            if (!open) dismiss(toast.id);
          }}
        >
          <ToastTitle>{toast.title}</ToastTitle>
          {toast.description ? <ToastDescription>{toast.description}</ToastDescription> : null}
          {toast.job ? <ToastNextStep job={toast.job} onTaken={() => dismiss(toast.id)} /> : null}
          {toast.spaceId ? (
            <ToastAction altText="Open the job from the jobs panel" asChild>
              <Link className="button" to={jobPath(toast.spaceId, toast.jobId)}>
                View
              </Link>
            </ToastAction>
          ) : null}
          <ToastClose className="button" data-variant="ghost" aria-label="Dismiss">
            <span aria-hidden="true">✕</span>
          </ToastClose>
        </Toast>
      ))}
      <ToastViewport />
    </ToastProvider>
  );
}

/** The outcome's next step as the toast's button (a retry, a download, a link...). */
function ToastNextStep({ job, onTaken }: { job: Job; onTaken: () => void }) {
  const step = resolveNextStep(job.outcome?.next, window.location.origin);
  if (!step || step.kind === "wait") return null;
  return (
    <div className="toast-next-step">
      <NextStepButton job={job} step={step} onTaken={onTaken} />
    </div>
  );
}
