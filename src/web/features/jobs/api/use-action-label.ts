import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { documentsQueryOptions, filesQueryOptions, workbooksQueryOptions } from "../../spaces";
import { jobTitle } from "../job-text";

type Mounted = { id: string; actions?: readonly { operation: string; label: string }[] | undefined };

const labelIn = (resources: readonly Mounted[] | undefined, job: Job) =>
  resources
    ?.find((resource) => resource.id === job.source)
    ?.actions?.find((action) => action.operation === job.operation)?.label;

/**
 * The label of the action that started the job ("Export Data"), read from the resource it is mounted on (cached
 * with the space's views); the job's name when it was not started by a mounted action.
 */
export function useActionLabel(job: Job): string {
  const api = useApi();
  const spaceId = job.spaceId ?? "";
  const workbooks = useQuery({
    ...workbooksQueryOptions(api, spaceId),
    enabled: Boolean(spaceId) && (job.type === "workbook" || job.type === "sheet"),
  });
  const documents = useQuery({
    ...documentsQueryOptions(api, spaceId),
    enabled: Boolean(spaceId) && job.type === "document",
  });
  const files = useQuery({
    ...filesQueryOptions(api, spaceId),
    enabled: Boolean(spaceId) && job.type === "file",
  });
  let label: string | undefined;
  if (job.type === "workbook") label = labelIn(workbooks.data, job);
  else if (job.type === "sheet")
    label = labelIn(
      workbooks.data?.flatMap((workbook) =>
        workbook.sheets.map((sheet) => ({ id: sheet.id, actions: sheet.config.actions })),
      ),
      job,
    );
  else if (job.type === "document") label = labelIn(documents.data, job);
  else if (job.type === "file") label = labelIn(files.data, job);
  return label ?? jobTitle(job);
}
