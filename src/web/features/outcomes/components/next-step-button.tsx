import { Link } from "../../../lib/router";
import { assertExhaustive } from "../../../../core";
import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { snapshotPath } from "../../../lib/paths";
import type { NextStep } from "../next-step";
import { useNextStepActions } from "../use-next-step-actions";
import { UndoButton } from "./undo-button";
import { errorText } from "../../../lib/error-text";

type Props = {
  job: Job;
  step: NextStep;
  /** Called once the step has been taken (the outcome is acknowledged and its dialog or toast closes). */
  onTaken?: () => void;
};

/** The button (or link) of an outcome's next step. Nothing unsafe is ever rendered as a link. */
export function NextStepButton({ job, step, onTaken }: Props) {
  const actions = useNextStepActions(job);
  const taken = () => onTaken?.();
  switch (step.kind) {
    case "navigate":
      return (
        <Button asChild variant="primary">
          <Link to={step.to} onClick={taken} data-slot="next-step">
            {step.label}
          </Link>
        </Button>
      );
    case "external":
      return (
        <Button asChild variant="primary">
          <a href={step.href} target="_blank" rel="noopener noreferrer" onClick={taken} data-slot="next-step">
            {step.label}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </Button>
      );
    case "download":
      return (
        <Button asChild variant="primary">
          {step.sameOrigin ? (
            <a href={step.href} download={step.fileName ?? ""} onClick={taken} data-slot="next-step">
              {step.label}
            </a>
          ) : (
            // Browsers ignore `download` across origins: the file opens in a new tab, where it downloads or shows.
            <a
              href={step.href}
              target="_blank"
              rel="noopener noreferrer"
              onClick={taken}
              data-slot="next-step"
            >
              {step.label}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
          )}
        </Button>
      );
    case "files":
      return (
        <div className="next-step-files" data-slot="next-step">
          {step.files.map((file, index) => (
            <Button
              key={file.fileId}
              variant={index === 0 ? "primary" : "default"}
              disabled={actions.downloadFile.isPending && actions.downloadFile.variables === file.fileId}
              onClick={() => actions.downloadFile.mutate(file.fileId, { onSuccess: taken })}
            >
              {file.label}
            </Button>
          ))}
          {actions.downloadFile.isError ? (
            <p className="error-text" role="alert">
              Could not download the file: {errorText(actions.downloadFile.error)}
            </p>
          ) : null}
        </div>
      );
    case "snapshot":
      return job.spaceId ? (
        <Button asChild variant="primary">
          <Link
            to={snapshotPath(job.spaceId, step.sheetId, step.snapshotId)}
            onClick={taken}
            data-slot="next-step"
          >
            {step.label}
          </Link>
        </Button>
      ) : null;
    case "undo":
      return (
        <UndoButton
          job={job}
          sheetId={step.sheetId}
          snapshotId={step.snapshotId}
          restore={step.restore}
          label={step.label}
          onTaken={taken}
        />
      );
    case "view":
      return (
        <Button
          variant="primary"
          data-slot="next-step"
          onClick={() => {
            actions.applyView(step.sheetId, step.hiddenColumns);
            taken();
          }}
        >
          {step.label}
        </Button>
      );
    case "retry":
      return (
        <>
          <Button
            variant="primary"
            data-slot="next-step"
            disabled={actions.retry.isPending}
            onClick={() => actions.retry.mutate(undefined, { onSuccess: taken })}
          >
            {actions.retry.isPending ? "Retrying…" : step.label}
          </Button>
          {actions.retry.isError ? (
            <p className="error-text" role="alert">
              Could not retry: {errorText(actions.retry.error)}
            </p>
          ) : null}
        </>
      );
    case "clearFilters":
      return (
        <Button
          variant="primary"
          data-slot="next-step"
          onClick={() => {
            actions.clearFilters(step.sheetIds);
            taken();
          }}
        >
          {step.label}
        </Button>
      );
    case "wait":
      return null;
    case "unsafe":
      return (
        <p className="next-step-unsafe" data-slot="next-step-unsafe">
          {step.label}: {step.reason}, so it is not shown as a link.
        </p>
      );
    default:
      return assertExhaustive(step);
  }
}
