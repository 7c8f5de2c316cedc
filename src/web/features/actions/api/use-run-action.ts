import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Action } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { addNewJob } from "../../jobs";
import { useSheetSelection } from "../../sheets";
import type { ActionScope } from "../action-scope";

export type RunActionVariables = {
  action: Action;
  /** The values of the action's form, already checked against it. */
  input?: Record<string, unknown>;
  /**
   * The finished job this one runs again (with changes to its input): linked as `rerunOf`, and run on that job's
   * subject, not on what the sheet has selected now.
   */
  again?: Pick<Job, "id" | "subject">;
};

/**
 * The one place that knows how a click becomes a job: `<domain>:<operation>` on the scope's resource, started now,
 * in the action's mode, with the form's `input` and, for a sheet with selected records, the selection as `subject`.
 */
export function useRunAction(scope: ActionScope) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { subject } = useSheetSelection(scope.domain === "sheet" ? scope.resourceId : "");
  return useMutation({
    mutationFn: ({ action, input, again }: RunActionVariables) =>
      api.jobs.create({
        type: scope.domain,
        operation: action.operation,
        source: scope.resourceId,
        trigger: "immediate",
        mode: action.mode ?? "background",
        ...(input ? { input } : {}),
        ...(again
          ? { rerunOf: again.id, ...(again.subject ? { subject: again.subject } : {}) }
          : scope.domain === "sheet" && subject
            ? { subject }
            : {}),
      }),
    // The job the API answered goes straight into the lists, with no read: there is no gap in which its overlay or
    // toolbar lock would be missing, and its job:created finds it there (so that event reads no list either).
    onSuccess: (job) => addNewJob(queryClient, job),
  });
}
