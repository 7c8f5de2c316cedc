import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useRef, useState } from "react";
import { isFinalStatus, type Action } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { focusBackTo } from "../../../components/ui/dialog";
import type { Job } from "../../../lib/api-types";
import { jobKeys, type JobSource } from "../../jobs";
import type { ActionDomain, ActionScope } from "../action-scope";
import { useRunAction } from "../api/use-run-action";
import { ActionFormDialog } from "./action-form-dialog";

const DOMAINS: readonly string[] = ["workbook", "sheet", "document", "file"] satisfies ActionDomain[];

/**
 * The action a finished job ran, when it is still mounted on the job's source and has a form: found by the job's
 * type, operation and source, as the server finds it. Undefined otherwise (nothing to prefill, or nothing to run).
 */
export function rerunnableAction(job: Job, source: JobSource | undefined): Action | undefined {
  if (!isFinalStatus(job.status) || !DOMAINS.includes(job.type) || source?.kind !== job.type)
    return undefined;
  return source.actions?.find((action) => action.operation === job.operation && action.inputForm);
}

/**
 * "Run again with changes" on a finished job's detail: the action's own form, filled with what the job ran with,
 * starts a new job of the same action on the same resource (and subject), linked to this one as `rerunOf`.
 * `onStarted` takes the person to the new job, whose page takes the focus.
 */
export function RerunJobButton({
  job,
  source,
  onStarted,
}: {
  job: Job;
  source: JobSource | undefined;
  onStarted: (next: Job) => void;
}) {
  const action = rerunnableAction(job, source);
  const queryClient = useQueryClient();
  const scope = useMemo<ActionScope>(
    () => ({
      spaceId: job.spaceId ?? "",
      domain: job.type as ActionDomain,
      resourceId: job.source,
      blockingIds: [],
    }),
    [job.spaceId, job.type, job.source],
  );
  const run = useRunAction(scope);
  const [open, setOpen] = useState(false);
  // A ref, not state: the dialog's last render, whose focus handler runs after it closes, is before the start.
  const started = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const focusButton = focusBackTo(() => button.current);
  if (!action?.inputForm) return null;
  const close = () => {
    setOpen(false);
    run.reset();
  };
  return (
    <>
      <Button
        ref={button}
        className="job-rerun"
        onClick={() => {
          started.current = false;
          setOpen(true);
        }}
      >
        Run again with changes
      </Button>
      {open ? (
        <ActionFormDialog
          action={action}
          form={action.inputForm}
          initialInput={job.input}
          title={`Run “${action.label}” again`}
          description={`The form holds what job ${job.id} ran with. Change what you need: a new job starts, linked to this one.`}
          pending={run.isPending}
          error={run.error ?? undefined}
          onSubmit={(input) => {
            if (run.isPending) return;
            run.mutate(
              { action, input, again: job },
              {
                onSuccess: (next) => {
                  // This job's re-runs are read again when its page shows next.
                  void queryClient.invalidateQueries({ queryKey: jobKeys.reruns(job.id) });
                  started.current = true;
                  setOpen(false);
                  onStarted(next);
                },
              },
            );
          }}
          onClose={close}
          onCloseAutoFocus={(event) => {
            // After a start the button that opened the form is on the page left behind: the new job's page takes
            // the focus itself once it shows (it may show after this). Otherwise focus goes back to the button.
            if (started.current) event.preventDefault();
            else focusButton(event);
          }}
        />
      ) : null}
    </>
  );
}
