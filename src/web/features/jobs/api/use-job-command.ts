import { assertExhaustive } from "../../../../core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import type { JobCommandName } from "../job-commands";
import { putJobs } from "./job-cache";

/**
 * Runs one command on a job (cancel, retry, acknowledge the outcome) and puts the job the API answers in the cache
 * at once, so the overlay and the panel do not wait for the event that follows.
 */
export function useJobCommand(command: JobCommandName) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (jobId: string): Promise<Job> => {
      switch (command) {
        case "cancel":
          return api.jobs.cancel(jobId, {});
        case "retry":
          return api.jobs.retry(jobId);
        case "ackOutcome":
          return api.jobs.ackOutcome(jobId);
        default:
          return assertExhaustive(command);
      }
    },
    onSuccess: (job) => putJobs(client, [job]),
  });
}
