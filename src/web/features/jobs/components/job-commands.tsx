import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { useJobCommand } from "../api/use-job-command";
import { allowedCommands, COMMAND_LABELS, type JobCommandName } from "../job-commands";
import { errorText } from "../../../lib/error-text";

/** The Cancel, Retry and Acknowledge buttons a job's status allows (see `allowedCommands`). */
export function JobCommands({ job, label }: { job: Job; label: string }) {
  const commands = allowedCommands(job);
  if (commands.length === 0) return null;
  return (
    <div className="job-commands" data-slot="job-commands">
      {commands.map((command) => (
        <JobCommandButton key={command} job={job} command={command} label={label} />
      ))}
    </div>
  );
}

function JobCommandButton({ job, command, label }: { job: Job; command: JobCommandName; label: string }) {
  const mutation = useJobCommand(command);
  const text = COMMAND_LABELS[command];
  return (
    <>
      <Button
        className="job-command"
        data-command={command}
        disabled={mutation.isPending}
        aria-label={`${mutation.isPending ? text.pending : text.idle} ${label}`}
        onClick={() => mutation.mutate(job.id)}
      >
        {mutation.isPending ? text.pending : text.idle}
      </Button>
      {mutation.isError ? (
        <span className="error-text job-command-error" role="alert">
          {errorText(mutation.error)}
        </span>
      ) : null}
    </>
  );
}
