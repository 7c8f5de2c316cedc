import {
  actionDisabledReason,
  assertExhaustive,
  createJob,
  isFinalStatus,
  decodeJobCursor,
  encodeJobCursor,
  newId,
  paginate,
  RecordFilter,
  transition,
  validateActionInput,
  type Action,
  type ActionContext,
  type Job,
  type JobCommand,
  type JobConfig,
  type JobSplitDetails,
  type ListJobsQuery,
  type Principal,
} from "../../core";
import { ApiError, badRequest, conflict, forbidden, notFound } from "../http/api-error";
import type { StoreTx } from "../store/store";
import { canSeeSpace, requireListener, requireOperator } from "./access";
import { jobCreatedEvents, jobEvent } from "./event-factory";
import { findActionMount } from "./find-action-mount";
import { checkJobReferences, checkPersonJobFields } from "./job-references";
import { checkRerunOf } from "./job-rerun";
import { notePartMove, splitJob } from "./job-parts";
import { listWindow } from "./list-window";
import { chargedOnce } from "./request-quotas";
import type { ServiceDeps } from "./service-deps";
import { checkMapExecution, createMapJob } from "../system-jobs/map/map-job-create";
import { isMapJob, publicJob } from "../system-jobs/map/map-job-config";
import { createExportJob, isExportJob } from "../system-jobs/export/export-job-create";
import { createRecordJob, recordJobKind } from "../system-jobs/records/record-job-create";

/** A job request as the API accepts it: Flatfile's JobConfig plus an optional explicit `spaceId`. */
export type CreateJobInput = JobConfig & { spaceId?: string };

/** The resource a job's `source` names, by the job's type, with what is mounted on it; undefined when there is none. */
const sourceScope = (tx: StoreTx, config: CreateJobInput) => findActionMount(tx, config.type, config.source);

type Mount = { action: Action; spaceId: string; workbookId?: string };

/**
 * Finds the action a user's or operator's job runs: `<type>:<operation>` must really be mounted on the job's source
 * (a space's, workbook's, document's or file's `actions`, a sheet's `config.actions`).
 */
async function findMountedAction(tx: StoreTx, config: CreateJobInput): Promise<Mount | undefined> {
  const scope = await sourceScope(tx, config);
  const action = scope?.actions.find((a) => a.operation === config.operation);
  return scope && action ? { action, spaceId: scope.spaceId, workbookId: scope.workbookId } : undefined;
}

/**
 * How many records a collection subject of records names: its `query.ids`, or, without ids (the dashboard's "select
 * all"), every record of the sheet (the source sheet, or `params.sheetId` within the job's space) that matches the
 * query's `filter` and `searchValue`, minus `query.exceptions`. Undefined when the subject names no records.
 */
async function selectedCount(
  tx: StoreTx,
  config: CreateJobInput,
  spaceId: string,
): Promise<number | undefined> {
  const subject = config.subject;
  if (subject?.type !== "collection" || subject.resource !== "records") {
    const ids = subject?.type === "collection" ? subject.query?.ids : undefined;
    return Array.isArray(ids) ? ids.length : undefined;
  }
  const query = subject.query ?? {};
  if (query.ids !== undefined) return Array.isArray(query.ids) ? query.ids.length : undefined;
  const sheetId = config.type === "sheet" ? config.source : subject.params?.sheetId;
  if (typeof sheetId !== "string") return undefined;
  const sheet = await tx.getSheet(sheetId);
  if (!sheet || sheet.spaceId !== spaceId) return undefined;
  const filter = RecordFilter.safeParse(query.filter).data ?? "all";
  const searchValue =
    typeof query.searchValue === "string" && query.searchValue ? query.searchValue : undefined;
  const matching = { filter, searchValue, sortDirection: "asc" as const, limit: 0, offset: 0 };
  const { total } = await tx.listRecords(sheetId, matching);
  const exceptions = Array.isArray(query.exceptions)
    ? query.exceptions.filter((id): id is string => typeof id === "string")
    : [];
  if (exceptions.length === 0) return total;
  // Only exceptions that are matching records of the sheet take something away.
  const excepted = await tx.listRecords(sheetId, { ...matching, ids: exceptions });
  return Math.max(0, total - excepted.total);
}

/** What an action's constraints depend on: the selection in the job's subject, and counts when a constraint needs them. */
async function actionContext(
  tx: StoreTx,
  config: CreateJobInput,
  action: Action,
  spaceId: string,
): Promise<ActionContext> {
  // Counting a select-all reads the sheet: only when a constraint asks about the selection.
  const needsSelection = action.constraints?.some((c) => c.type === "hasSelection");
  const selected = needsSelection ? await selectedCount(tx, config, spaceId) : undefined;
  const needsCounts = action.constraints?.some((c) => c.type === "hasData" || c.type === "hasAllValid");
  if (!needsCounts) return { selected };
  const sheetIds =
    config.type === "sheet"
      ? [config.source]
      : config.type === "workbook"
        ? (await tx.listSheets(config.source)).map((sheet) => sheet.id)
        : [];
  if (sheetIds.length === 0) return { selected };
  const counts = { total: 0, valid: 0, error: 0 };
  for (const sheetId of sheetIds) {
    const sheetCounts = await tx.countRecords(sheetId);
    counts.total += sheetCounts.total;
    counts.valid += sheetCounts.valid;
    counts.error += sheetCounts.error;
  }
  return { selected, counts };
}

/**
 * The space a job belongs to (explicit, from its source, or from its parent), its workbook when the source is a
 * workbook or lives in one (a sheet's workbook), and the action mounted on the source that the job runs, if any.
 */
async function resolveScope(
  tx: StoreTx,
  config: CreateJobInput,
): Promise<{ spaceId?: string; workbookId?: string; action?: Action }> {
  // The source is read once: it places the job, and what is mounted on it gives the action the job runs, if any.
  const source = await sourceScope(tx, config);
  const action = source?.actions.find((a) => a.operation === config.operation);
  if (config.type === "space" && !config.spaceId) {
    if (!source) throw badRequest(`space ${config.source} not found`, "source");
    return { spaceId: source.spaceId, action };
  }
  if (config.spaceId) {
    const sourceIsTheSpace = config.type === "space" && source?.id === config.spaceId;
    if (!sourceIsTheSpace && !(await tx.getSpace(config.spaceId)))
      throw badRequest(`space ${config.spaceId} not found`, "spaceId");
    return { spaceId: config.spaceId, workbookId: source?.workbookId, action };
  }
  if (source) return { spaceId: source.spaceId, workbookId: source.workbookId, action };
  if (config.parentId) return { spaceId: (await tx.getJob(config.parentId))?.spaceId };
  return {};
}

/** Which lifecycle calls need which role (the rest of the rule is the job's space). */
function authorizeCommand(principal: Principal, command: JobCommand): void {
  switch (command.type) {
    case "execute":
    case "due":
    case "ack":
    case "update":
    case "complete":
    case "fail":
    case "release":
      return requireListener(
        principal,
        command.type === "execute" || command.type === "due" ? "execute" : command.type,
      );
    case "delete":
      return requireOperator(principal, "delete a job");
    case "cancel":
    case "retry":
    case "ackOutcome":
      return;
    default:
      // A new command needs a role decided here, not everyone by default.
      return assertExhaustive(command);
  }
}

/** `POST /jobs` of an export job (`sheet:export-csv`, `workbook:export-csv`): the platform's, not a mounted action's. */
async function createSystemExportJob(
  deps: ServiceDeps,
  tx: StoreTx,
  config: CreateJobInput,
  principal: Principal,
  now: string,
): Promise<Job | undefined> {
  return isExportJob(config) ? createExportJob(deps, tx, config, principal, now) : undefined;
}

/** Jobs: creation, listing and every lifecycle call, each change written with its events in one transaction. */
export class JobService {
  constructor(private readonly deps: ServiceDeps) {}

  async create(config: CreateJobInput, principal: Principal): Promise<Job> {
    const recordJob = recordJobKind(config);
    if (principal.kind !== "secret")
      checkPersonJobFields(config, isMapJob(config) || isExportJob(config) || recordJob !== undefined);
    const now = this.deps.now().toISOString();
    // A job of a listener or a mounted action only reads and inserts its job; the platform's own kinds write more.
    const independent = !isMapJob(config) && !isExportJob(config) && recordJob === undefined;
    return chargedOnce(this.deps, (deps) =>
      deps.store.transaction(
        async (tx) => {
          const job = await this.#insert(deps, tx, config, recordJob, principal, now);
          // Checked against the space the job was given, in its transaction: a refusal writes nothing.
          await checkJobReferences(tx, config, job.spaceId, principal);
          await checkRerunOf(tx, config, job, principal);
          return job;
        },
        { independent },
      ),
    );
  }

  /** The job of one request, by its kind: an import, an export, a record job, or a listener's job (or a mounted action). */
  async #insert(
    deps: ServiceDeps,
    tx: StoreTx,
    config: CreateJobInput,
    recordJob: ReturnType<typeof recordJobKind>,
    principal: Principal,
    now: string,
  ): Promise<Job> {
    if (isMapJob(config)) return publicJob(await createMapJob(deps, tx, config, principal, now));
    const system = await createSystemExportJob(deps, tx, config, principal, now);
    if (system) return system;
    if (recordJob) return createRecordJob(deps, tx, config, recordJob, principal, now);
    let effective: CreateJobInput = config;
    let spaceId: string | undefined;
    let workbookId: string | undefined;
    if (principal.kind === "secret") {
      const scope = await resolveScope(tx, config);
      ({ spaceId, workbookId } = scope);
      // A job for a mounted action follows the action's retry policy, as the dashboard's does, unless it gives its own.
      if (config.retry === undefined && scope.action?.retry)
        effective = { ...config, retry: scope.action.retry };
    } else {
      const mount = await findMountedAction(tx, config);
      if (!mount || !canSeeSpace(principal, mount.spaceId)) {
        throw forbidden(
          `A ${principal.kind} token may only run actions mounted in its space; "${config.type}:${config.operation}" is not mounted on ${config.source}`,
        );
      }
      const inputErrors = validateActionInput(mount.action.inputForm, config.input);
      if (inputErrors.length)
        throw new ApiError(
          400,
          inputErrors.map((e) => ({ key: `input.${e.key}`, message: e.message })),
        );
      const disabled = actionDisabledReason(
        mount.action,
        await actionContext(tx, config, mount.action, mount.spaceId),
      );
      if (disabled) throw conflict(`The action "${mount.action.label}" cannot run now: ${disabled}`);
      spaceId = mount.spaceId;
      workbookId = mount.workbookId;
      // An action's job always runs now, in the action's mode; the caller chooses neither.
      effective = {
        ...config,
        trigger: "immediate",
        mode: mount.action.mode ?? "background",
        status: undefined,
        retry: mount.action.retry,
      };
    }
    // A job of a space the caller cannot see is reported exactly like a missing one.
    const visibleJob = async (id: string) => {
      const found = await tx.getJob(id);
      return found && canSeeSpace(principal, found.spaceId) ? found : undefined;
    };
    const predecessors = await Promise.all((config.predecessorIds ?? []).map(visibleJob));
    predecessors.forEach((p, i) => {
      if (!p)
        throw badRequest(`predecessor job ${config.predecessorIds?.[i]} not found`, `predecessorIds.${i}`);
    });
    if (config.parentId && !(await visibleJob(config.parentId))) {
      throw badRequest(`parent job ${config.parentId} not found`, "parentId");
    }
    const job = await insertNewJob(deps, tx, effective, {
      spaceId,
      workbookId: workbookId ?? (config.type === "workbook" ? config.source : undefined),
      actor: principal,
      predecessorsComplete: predecessors.every((p) => p?.status === "complete"),
      now,
    });
    return publicJob(job);
  }

  async get(id: string, principal: Principal): Promise<Job> {
    const job = await this.deps.store.getJob(id);
    if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", id);
    return publicJob(job);
  }

  async list(query: ListJobsQuery, principal: Principal) {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    const { q, cursor: cursorText, ...filters } = query;
    // The query schema accepted only cursors that decode.
    const cursor = cursorText === undefined ? undefined : decodeJobCursor(cursorText);
    const window = listWindow(query);
    const { items, total, last } = await this.deps.store.listJobs({
      ...filters,
      spaceId,
      ...(q ? { search: q } : {}),
      ...window,
      ...(cursor ? { after: cursor } : {}),
      // A search's or a cursor's page counts as a later page does, only one past itself: a search that most jobs
      // match would otherwise count them all.
      ...(cursor || q ? { countLimit: window.offset + window.limit + 1 } : {}),
    });
    const more = last !== undefined && total > window.offset + items.length;
    return {
      data: items.map(publicJob),
      pagination: {
        ...paginate(total, query.pageSize, query.pageNumber),
        ...(more ? { nextCursor: encodeJobCursor(last) } : {}),
      },
    };
  }

  /** Applies one lifecycle call through core's state machine; a refused call is a 409 naming the status. */
  async run(id: string, command: JobCommand, principal: Principal): Promise<Job> {
    const now = this.deps.now().toISOString();
    // A lifecycle call writes jobs only (its own, and those waiting on it), each by compare-and-set.
    return this.deps.store.transaction(
      async (tx) => {
        const job = await tx.getJob(id);
        if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", id);
        // A person runs the import they planned: executing a map job is theirs, not only a listener's.
        if (command.type === "execute" && isMapJob(job)) await checkMapExecution(tx, job);
        else authorizeCommand(principal, command);
        return publicJob(await applyJobCommand(this.deps, tx, job, command, principal, now));
      },
      { independent: true },
    );
  }

  /** `POST /jobs/{id}/split`: the listener running the job divides it into parts (see `splitJob`). */
  async split(id: string, details: JobSplitDetails, principal: Principal): Promise<Job> {
    requireListener(principal, "split");
    const now = this.deps.now().toISOString();
    const parallel = details.runInParallel === true;
    return chargedOnce(this.deps, (deps) =>
      deps.store.transaction(
        async (tx) => {
          const job = await tx.getJob(id);
          if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", id);
          const split = await splitJob(deps, tx, job, details, principal, now, (config) =>
            insertNewJob(deps, tx, config, {
              spaceId: job.spaceId,
              workbookId: job.workbookId,
              actor: principal,
              // One after another: every part but the first waits on the one before it.
              predecessorsComplete: parallel || config.predecessorIds === undefined,
              now,
            }),
          );
          return publicJob(split);
        },
        { independent: true },
      ),
    );
  }
}

/** Whether every job `job` waits on is complete (none: true). */
export async function predecessorsComplete(tx: StoreTx, job: Job): Promise<boolean> {
  if (!job.predecessorIds?.length) return true;
  const predecessors = await Promise.all(job.predecessorIds.map((pid) => tx.getJob(pid)));
  return predecessors.every((p) => p?.status === "complete");
}

/** A waiting job whose predecessors are now all complete becomes ready, in the same transaction. */
async function releaseDependents(deps: ServiceDeps, tx: StoreTx, finished: Job, now: string): Promise<void> {
  for (const waiting of await tx.listJobsWaitingOn(finished.id)) {
    if (!(await predecessorsComplete(tx, waiting))) continue;
    const result = transition(waiting, { type: "release" }, { now });
    if (!result.ok || isFinalStatus(result.job.status)) continue;
    if (await tx.updateJob(result.job, { status: waiting.status, updatedAt: waiting.updatedAt })) {
      for (const topic of result.topics)
        await tx.appendEvent(jobEvent(deps, result.job, topic, undefined, now));
    }
  }
}

/**
 * One lifecycle call on a job read in this transaction: core's state machine decides, the change is a
 * compare-and-set, its events are appended, and a completed job releases the jobs waiting on it. A refused call is a
 * 409 naming the status. The API's calls and the platform's own worker both go through here.
 */
export async function applyJobCommand(
  deps: ServiceDeps,
  tx: StoreTx,
  job: Job,
  command: JobCommand,
  actor: Principal | undefined,
  now: string,
): Promise<Job> {
  const result = transition(job, command, { now, predecessorsComplete: await predecessorsComplete(tx, job) });
  if (!result.ok) throw conflict(result.message);
  if (result.deleted) {
    await tx.deleteJob(job.id);
  } else if (result.job !== job) {
    const written = await tx.updateJob(result.job, { status: job.status, updatedAt: job.updatedAt });
    if (!written) throw conflict(`Job ${job.id} was changed by another call; read it again and retry`);
  }
  for (const topic of result.topics) await tx.appendEvent(jobEvent(deps, result.job, topic, actor, now));
  if (!result.deleted) await notePartMove(deps, tx, job.status, result.job, actor, now);
  if (result.job.status === "complete" && job.status !== "complete")
    await releaseDependents(deps, tx, result.job, now);
  return result.job;
}

/** Creates a job from a checked config in this transaction: the row and its `job:created` (and `job:ready`...) events. */
export async function insertNewJob(
  deps: ServiceDeps,
  tx: StoreTx,
  config: JobConfig,
  ctx: {
    spaceId?: string;
    workbookId?: string;
    actor: Principal;
    predecessorsComplete?: boolean;
    now: string;
  },
): Promise<Job> {
  if (ctx.spaceId) deps.quotas?.chargeJob(ctx.spaceId, ctx.actor);
  const { job, topics } = createJob(config, {
    id: newId("job"),
    now: ctx.now,
    environmentId: deps.environmentId,
    spaceId: ctx.spaceId,
    workbookId: ctx.workbookId,
    createdBy: ctx.actor.subject,
    predecessorsComplete: ctx.predecessorsComplete ?? true,
  });
  await tx.insertJob(job);
  for (const event of jobCreatedEvents(deps, job, topics, ctx.actor, ctx.now)) await tx.appendEvent(event);
  return job;
}
