import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { PipelineJobConfig, validatePlan, type Field, type JobPlan, type PlanIssue } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import type { Sheet } from "../../../lib/api-types";
import { workbooksQueryOptions } from "../../spaces";
import { planLists, type PlanLists } from "../plan-edit";
import { planKeys, planQueryOptions } from "./plan-query-options";

/**
 * A map job's plan as this screen edits it: the job, both sheets, the plan shown (a person's latest change, even one
 * that cannot be sent) and what is wrong with it. Each sound change is saved at once (`PATCH /jobs/{id}/plan`); a plan
 * core's `validatePlan` refuses is kept on screen with its issues and not sent.
 */
export function useMapping(spaceId: string, jobId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const planQuery = useQuery(planQueryOptions(api, jobId));
  const workbooks = useQuery(workbooksQueryOptions(api, spaceId));
  const [draft, setDraft] = useState<PlanLists>();
  const [issues, setIssues] = useState<PlanIssue[]>([]);

  const job = planQuery.data?.job;
  const sheets: Sheet[] = workbooks.data?.flatMap((workbook) => workbook.sheets) ?? [];
  const config = PipelineJobConfig.safeParse(job?.config).data;
  const sourceSheet = sheets.find((sheet) => sheet.id === config?.sourceSheetId);
  const destinationSheet = sheets.find((sheet) => sheet.id === config?.destinationSheetId);
  const sourceFields: Field[] = sourceSheet?.config.fields ?? [];
  const destinationFields: Field[] = destinationSheet?.config.fields ?? [];

  const save = useMutation({
    mutationFn: (lists: PlanLists) => api.jobs.patchPlan(jobId, planLists(lists)),
    onSuccess: (answer: JobPlan, sent) => {
      queryClient.setQueryData(planKeys.detail(jobId), answer);
      // A later change may already be on screen: only the answer to the latest one replaces it.
      setDraft((current) => (current === sent ? undefined : current));
    },
  });

  const plan: PlanLists | undefined = draft ?? planQuery.data?.plan;

  return {
    planQuery,
    workbooksQuery: workbooks,
    job,
    plan,
    sourceSheet,
    destinationSheet,
    sourceFields,
    destinationFields,
    issues,
    save,
    /** Shows `next`, and saves it when it is sound. */
    change(next: PlanLists) {
      setDraft(next);
      const found = validatePlan(next, sourceFields, destinationFields);
      setIssues(found);
      save.reset();
      if (found.length === 0) save.mutate(next);
    },
  };
}

export type Mapping = ReturnType<typeof useMapping>;
