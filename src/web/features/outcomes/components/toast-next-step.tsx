import type { Job } from "../../../lib/api-types";
import { resolveNextStep } from "../next-step";
import { NextStepButton } from "./next-step-button";

/** The outcome's next step as a job toast's button (a retry, a download, a link...). */
export function ToastNextStep({ job, onTaken }: { job: Job; onTaken: () => void }) {
  const step = resolveNextStep(job.outcome?.next, window.location.origin);
  if (!step || step.kind === "wait") return null;
  return (
    <div className="toast-next-step">
      <NextStepButton job={job} step={step} onTaken={onTaken} />
    </div>
  );
}
