import { use } from "react";
import { Link } from "../../../lib/router";
import {
  Toast,
  ToastAction,
  ToastClose,
  ToastDescription,
  ToastProvider,
  ToastTitle,
  ToastViewport,
} from "../../../components/ui/toast";
import { formatCount } from "../../../../core";
import { jobPath } from "../../../lib/paths";
import { useSurfaceOpen } from "../attention";
import { ToastNextStepContext } from "../toast-next-step-context";
import { useToastStore } from "../toast-store";
import "../jobs.css";

/**
 * The toasts on screen (Radix Toast): loaded with the first toast, not with the first page. While a dialog or the
 * jobs drawer is open they wait (kept, their timers not started) rather than sit over its backdrop, and show when it
 * closes.
 */
export function JobToasts() {
  const toasts = useToastStore((state) => state.toasts);
  const covered = useSurfaceOpen();
  const dismiss = useToastStore((state) => state.dismiss);
  const NextStep = use(ToastNextStepContext);
  return (
    <ToastProvider swipeDirection="right" label="Job notifications">
      {(covered ? [] : toasts).map((toast) => (
        <Toast
          key={toast.id}
          data-tone={toast.tone}
          data-job-id={toast.jobId}
          duration={toast.tone === "error" ? 10_000 : 6_000}
          onOpenChange={(open) => {
            if (!open) dismiss(toast.id);
          }}
        >
          <ToastTitle>
            {toast.title}
            {toast.count && toast.count > 1 ? (
              <span className="toast-count" data-slot="toast-count">
                <span aria-hidden="true"> ×{formatCount(toast.count)}</span>
                <span className="visually-hidden"> ({formatCount(toast.count)} times)</span>
              </span>
            ) : null}
          </ToastTitle>
          {toast.description ? <ToastDescription>{toast.description}</ToastDescription> : null}
          {toast.job && NextStep ? <NextStep job={toast.job} onTaken={() => dismiss(toast.id)} /> : null}
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
