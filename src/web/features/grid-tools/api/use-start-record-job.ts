import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  RECORD_JOBS,
  type DeleteRecordsJobConfig,
  type FindAndReplaceJobConfig,
  type MutateJobConfig,
} from "../../../../core";
import { useApi } from "../../../lib/api-context";
import { addNewJob } from "../../jobs";

/** A record job to start: its kind, the resource it runs on (the workbook for a delete, else the sheet), its config. */
export type RecordJobRequest =
  | { kind: "deleteRecords"; source: string; config: DeleteRecordsJobConfig }
  | { kind: "findReplace"; source: string; config: FindAndReplaceJobConfig }
  | { kind: "mutate"; source: string; config: MutateJobConfig };

/**
 * Starts one of the platform's record jobs with `POST /jobs` `{type, operation, source, config}`. The server makes it
 * a managed foreground job; it goes straight into the job lists, so its overlay covers the sheet at once.
 */
export function useStartRecordJob() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, source, config }: RecordJobRequest) =>
      api.jobs.create({ ...RECORD_JOBS[kind], source, config }),
    onSuccess: (job) => addNewJob(queryClient, job),
  });
}
