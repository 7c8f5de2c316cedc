import { z } from "zod";
import {
  Job,
  JobAckDetails,
  JobCancelDetails,
  JobCompleteDetails,
  JobFailDetails,
  JobConfig,
  JobExecutionPlanConfigRequest,
  JobExecutionPlanRequest,
  JobPlan,
  JobSplitDetails,
  JobUpdate,
  ListJobsQuery,
  DiffRecord,
  MutateJobConfig,
  ResourceId,
  type JobCommand,
} from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { JobService } from "../services/job-service";
import { TOTAL_COUNT_RULE } from "../services/list-window";
import type { PlanService } from "../system-jobs/map/plan-service";
import type { MutationPreviewService } from "../system-jobs/mutate/preview-mutation";

const CreateJobBody = JobConfig.extend({ spaceId: ResourceId.optional() });
const LISTENER_HEADER = "x-listener-id";
const listener = "Listener calls accept X-Listener-Id: the first ack claims the job for that id.";

/** `/jobs`: the spec's Jobs calls, each a thin adapter from HTTP to `JobService`. */
export function registerJobRoutes(
  api: ApiRouter,
  jobs: JobService,
  plans: PlanService,
  previews: MutationPreviewService,
  /** Called after a listener (its `X-Listener-Id`) completed or failed a job: presence counts its handled jobs. */
  onFinishedBy: (listenerId: string) => void = () => undefined,
): void {
  api.add(
    {
      method: "get",
      path: "/jobs",
      tag: "Jobs",
      summary: "List jobs",
      description: `Newest first unless \`sortDirection=asc\` (by creation time). ${TOTAL_COUNT_RULE} \`q\` finds the job with that id, or the jobs with a word beginning with each word of \`q\` in their operation, info, outcome message or the text of their input (a word is a run of letters and digits, case ignored). \`createdFrom\`/\`createdTo\` and \`finishedFrom\`/\`finishedTo\` bound a time (from inclusive, to exclusive). \`rerunOf\` lists the jobs that run that job again. \`predecessorId\` lists the jobs that wait, or waited, for that job (it is among their \`predecessorIds\`). A page that is not the last answers \`pagination.nextCursor\`: pass it as \`cursor\` (with the same filters) for the next page, read by position, so it costs the same however deep; after a cursor, counts start at the cursor. With \`q\` or \`cursor\`, every page counts as a later page does (only up to one past itself).`,
      access: "secret key, operator; user (own space)",
      query: ListJobsQuery,
      response: z.array(Job),
      paged: true,
    },
    async ({ query, principal }) => jobs.list(query, principal),
  );
  api.addHot(
    {
      method: "post",
      path: "/jobs",
      tag: "Jobs",
      summary: "Create a job",
      description:
        "With `trigger: immediate` the job goes straight to `ready` (or `waiting` for unfinished predecessors). A user or operator token may only run an action mounted on the job's source, sending `type`, `operation`, `source`, `input` (validated against the action's form), `subject` and `rerunOf` (`trigger` and `mode` are accepted and set from the action), or start an import, export or record job (`type`, `operation`, `source`, `subject`, `config`, and an import's `destination`); any other field is a 400 naming it. For every caller, `source`, `destination`, `fileId` and `subject` must name resources of the job's space (400 naming the field). An `outcome` given here is replaced by the listener's at completion (none when it sends none). `rerunOf` names the finished job this one runs again, which must be of the same space, type, operation and source (400 naming `rerunOf` otherwise, 409 while that job has not finished); it only links the two, the new job does not wait for it.",
      access: "secret key; operator and user for mounted actions",
      body: CreateJobBody,
      response: Job,
    },
    async ({ body, principal }) => ({ data: await jobs.create(body, principal) }),
  );
  // Before `/jobs/:jobId` so that "preview-mutation" is never read as a job id.
  api.add(
    {
      method: "post",
      path: "/jobs/preview-mutation",
      tag: "Jobs",
      summary: "Preview a mutation",
      description:
        "Flatfile's `jobs.previewMutation`: runs a `sheet:mutate-records` config (a `mutateRecord` function in the WebAssembly sandbox, or a `bulkEdit`) on the first records of its selection, writing nothing, and answers the first 10 records that would change (at most 2,000 are read), each with only its changed cells: `value` after, `snapshotValue` before, and the new value's validation. A function that fails (throws, runs too long, returns something that is not a record) answers 400 with the reason.",
      access: "secret key; operator and user (own space) for a bulkEdit",
      body: MutateJobConfig,
      response: z.array(DiffRecord),
    },
    async ({ body, principal }) => ({ data: await previews.preview(body as MutateJobConfig, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/jobs/:jobId",
      tag: "Jobs",
      summary: "Get a job",
      access: "secret key, operator; user (own space)",
      response: Job,
    },
    async ({ params, principal }) => ({ data: await jobs.get(params.jobId as string, principal) }),
  );

  api.add(
    {
      method: "post",
      path: "/jobs/:jobId/split",
      tag: "Jobs",
      summary: "Split an executing job into parts",
      description:
        "Flatfile's `jobs.split`: `parts` is how many parts, or each part's `partData`. Each part is a job of its own, ready at once, with the parent's type, operation, source, destination, config, file, mode, input, subject and retry policy, its `parentId`, `part` (from 0) and `partData`. With `runInParallel: true` all are ready at once; otherwise (the default) each waits on the one before it and becomes ready when it completes, and a part that fails for good or is canceled cancels the parts after it. The parent (only an executing job that is not itself a part, split once) stays executing; its `partCounts` and `progress` follow its parts, and when every part has ended (complete, failed or canceled) it publishes `job:parts-completed` once, with the counts as `payload.parts`, for its listener to complete or fail it. Answers the parent.",
      access: "secret key",
      body: JobSplitDetails,
      response: Job,
    },
    async ({ body, params, principal }) => ({
      data: await jobs.split(params.jobId as string, body as JobSplitDetails, principal),
    }),
  );

  const planAccess = "secret key, operator; user (own space)";
  api.add(
    {
      method: "get",
      path: "/jobs/:jobId/plan",
      tag: "Jobs",
      summary: "Get a map job's execution plan",
      description:
        "The plan the platform proposed for a `workbook:map` job (or as changed since): each edge with its source column, destination field, preview values and certainty, and the columns and fields left unmapped.",
      access: planAccess,
      response: JobPlan,
    },
    async ({ params, principal }) => ({ data: await plans.get(params.jobId as string, principal) }),
  );
  api.add(
    {
      method: "put",
      path: "/jobs/:jobId/plan",
      tag: "Jobs",
      summary: "Replace a map job's execution plan (while it is planning)",
      access: planAccess,
      body: JobExecutionPlanRequest,
      response: JobPlan,
    },
    async ({ body, params, principal }) => ({
      data: await plans.replace(params.jobId as string, body as JobExecutionPlanRequest, principal),
    }),
  );
  api.add(
    {
      method: "patch",
      path: "/jobs/:jobId/plan",
      tag: "Jobs",
      summary: "Change parts of a map job's execution plan (while it is planning)",
      access: planAccess,
      body: JobExecutionPlanConfigRequest,
      response: JobPlan,
    },
    async ({ body, params, principal }) => ({
      data: await plans.patch(params.jobId as string, body as JobExecutionPlanConfigRequest, principal),
    }),
  );

  type CallSpec = {
    method: "post" | "patch" | "delete";
    path: string;
    summary: string;
    access: string;
    body?: z.ZodType;
    toCommand: (body: never, listenerId: string | undefined) => JobCommand;
    description?: string;
  };
  const calls: CallSpec[] = [
    {
      method: "patch",
      path: "/jobs/:jobId",
      summary: "Update a job (progress, info, metadata, estimate, or a legal status move)",
      access: "secret key",
      body: JobUpdate,
      toCommand: (update: JobUpdate, listenerId) => ({ type: "update", update, listenerId }),
      description: listener,
    },
    {
      method: "delete",
      path: "/jobs/:jobId",
      summary: "Delete a job (not while executing)",
      access: "secret key, operator",
      toCommand: () => ({ type: "delete" }),
    },
    {
      method: "post",
      path: "/jobs/:jobId/execute",
      summary: "Execute a created or planning job",
      access: "secret key",
      toCommand: () => ({ type: "execute" }),
    },
    {
      method: "post",
      path: "/jobs/:jobId/ack",
      summary: "Acknowledge a job (claims it; later acks are progress ticks)",
      access: "secret key",
      body: JobAckDetails,
      toCommand: (details: JobAckDetails, listenerId) => ({ type: "ack", details, listenerId }),
      description: listener,
    },
    {
      method: "post",
      path: "/jobs/:jobId/complete",
      summary: "Complete a job with an outcome",
      access: "secret key",
      body: JobCompleteDetails,
      toCommand: (details: JobCompleteDetails, listenerId) => ({ type: "complete", details, listenerId }),
      description: listener,
    },
    {
      method: "post",
      path: "/jobs/:jobId/fail",
      summary: "Fail a job's attempt with an outcome (retried when its retry policy has attempts left)",
      access: "secret key",
      body: JobFailDetails,
      toCommand: (details: JobFailDetails, listenerId) => ({ type: "fail", details, listenerId }),
      description: listener,
    },
    {
      method: "post",
      path: "/jobs/:jobId/cancel",
      summary: "Cancel a job",
      access: "secret key, operator; user (own space)",
      body: JobCancelDetails,
      toCommand: (details: JobCancelDetails) => ({ type: "cancel", details }),
    },
    {
      method: "post",
      path: "/jobs/:jobId/retry",
      summary: "Retry a failed or canceled job",
      access: "secret key, operator; user (own space)",
      toCommand: () => ({ type: "retry" }),
    },
    {
      method: "post",
      path: "/jobs/:jobId/outcome/ack",
      summary: "Acknowledge a finished job's outcome (idempotent)",
      access: "secret key, operator; user (own space)",
      toCommand: () => ({ type: "ackOutcome" }),
    },
  ];
  // Hot: a listener makes these calls for every job, so the Node server answers them on its fast path.
  for (const call of calls) {
    api.addHot(
      {
        method: call.method,
        path: call.path,
        tag: "Jobs",
        summary: call.summary,
        description: call.description,
        access: call.access,
        body: call.body,
        // Flatfile's client sends no body at all for an empty ack, cancel or complete.
        bodyOptional: call.method === "post",
        response: Job,
      },
      async ({ header, body, params, principal }) => {
        const listenerId = header(LISTENER_HEADER) || undefined;
        const command = call.toCommand(body as never, listenerId);
        const job = await jobs.run(params.jobId as string, command, principal);
        if (listenerId && (command.type === "complete" || command.type === "fail")) onFinishedBy(listenerId);
        return { data: command.type === "delete" ? { success: true, id: job.id } : job };
      },
    );
  }
}
