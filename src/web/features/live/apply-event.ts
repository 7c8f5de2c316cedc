import type { QueryClient } from "@tanstack/react-query";
import type { ApiClient, StreamEvent } from "../../../sdk";
import type { ProgressSample } from "../../../core";
import type { Job } from "../../lib/api-types";
import { jobKeys, replaceJob, useProgressHistoryStore } from "../jobs";
import { recordKeys } from "../sheets";
import { snapshotKeys } from "../snapshots";
import { documentKeys, fileKeys, spaceKeys, workbookKeys } from "../spaces";

type JobPatch = Partial<Pick<Job, "status" | "info" | "progress" | "estimatedCompletionAt" | "updatedAt">>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** What a job event's payload says about the job (status, info, progress, estimate), as of the event. */
function patchOf(event: StreamEvent): JobPatch {
  const payload = isRecord(event.payload) ? event.payload : {};
  const patch: JobPatch = { updatedAt: event.createdAt };
  if (typeof payload.status === "string") patch.status = payload.status as Job["status"];
  if (typeof payload.info === "string") patch.info = payload.info;
  if (typeof payload.progress === "number") patch.progress = payload.progress;
  if (typeof payload.estimatedCompletionAt === "string")
    patch.estimatedCompletionAt = payload.estimatedCompletionAt;
  return patch;
}

const newer = (patch: JobPatch, job: Job) =>
  !patch.updatedAt || Date.parse(patch.updatedAt) >= Date.parse(job.updatedAt);

/**
 * Applies the events of one frame to the cache. Job progress ticks patch the cached jobs from their payloads in one
 * pass per list (a hundred jobs ticking ten times a second cost one render a frame, and no request); a job's other
 * events (ready, completed, failed, canceled, acknowledged) read the full job once, for the fields a payload does not
 * carry (outcome, times). A tick of a job no list holds changes nothing: lists show the newest jobs, and only a created
 * or deleted job changes which those are (a space with a hundred running jobs and a list of fifty would otherwise
 * refetch its list every frame). Other resources' events invalidate what they affect.
 */
export function applyEvents(client: QueryClient, api: ApiClient, events: readonly StreamEvent[]): void {
  const patches = new Map<string, JobPatch>();
  const reread = new Set<string>();
  const invalidate = new Map<string, readonly unknown[]>();
  const invalidateKey = (key: readonly unknown[]) => invalidate.set(JSON.stringify(key), key);
  const samples = new Map<string, ProgressSample>();

  for (const event of events) {
    const { topic, context } = event;
    const spaceId = context.spaceId;
    if (topic.startsWith("job:")) {
      const jobId = context.jobId;
      if (topic === "job:created" || topic === "job:deleted" || !jobId) {
        invalidateKey(jobKeys.lists());
        continue;
      }
      const patch = patchOf(event);
      patches.set(jobId, { ...patches.get(jobId), ...patch });
      if (typeof patch.progress === "number") {
        samples.set(jobId, { at: Date.parse(event.createdAt), progress: patch.progress });
      }
      if (topic !== "job:updated" || patch.status === "canceled") reread.add(jobId);
      continue;
    }
    if (topic.startsWith("space:")) {
      invalidateKey(spaceKeys.all);
    } else if (topic.startsWith("workbook:") || topic.startsWith("sheet:") || topic.startsWith("commit:")) {
      invalidateKey(spaceId ? workbookKeys.list(spaceId) : workbookKeys.all);
      if (topic.startsWith("workbook:") && topic !== "workbook:created") {
        // A workbook's sheets may have changed: their records too.
        invalidateKey(recordKeys.all);
      } else if (context.sheetId) {
        invalidateKey(recordKeys.sheet(context.sheetId));
      }
      // Every comparison of a snapshot with "now" is stale once records change.
      if (topic === "commit:created") invalidateKey(snapshotKeys.diffs());
    } else if (topic.startsWith("snapshot:")) {
      invalidateKey(context.sheetId ? snapshotKeys.list(context.sheetId) : snapshotKeys.all);
    } else if (topic.startsWith("document:")) {
      invalidateKey(spaceId ? documentKeys.list(spaceId) : documentKeys.all);
    } else if (topic.startsWith("file:")) {
      invalidateKey(spaceId ? fileKeys.list(spaceId) : fileKeys.all);
    }
  }

  if (patches.size > 0) {
    const patchOne = (job: Job): Job => {
      const patch = patches.get(job.id);
      if (!patch) return job;
      return newer(patch, job) ? { ...job, ...patch } : job;
    };
    client.setQueriesData<Job[]>({ queryKey: jobKeys.lists() }, (jobs) => {
      if (!jobs) return jobs;
      let changed = false;
      const next = jobs.map((job) => {
        const patched = patchOne(job);
        if (patched !== job) changed = true;
        return patched;
      });
      return changed ? next : jobs;
    });
    for (const jobId of patches.keys()) {
      const detail = client.getQueryData<Job>(jobKeys.detail(jobId));
      if (detail) client.setQueryData<Job>(jobKeys.detail(jobId), patchOne(detail));
    }
  }
  if (samples.size > 0) useProgressHistoryStore.getState().record(samples);

  for (const key of invalidate.values()) void client.invalidateQueries({ queryKey: key });
  for (const jobId of reread) {
    api.jobs.get(jobId).then(
      (job) => replaceJob(client, job),
      () => void client.invalidateQueries({ queryKey: jobKeys.all }),
    );
  }
}

/**
 * Collects events and applies them once a frame (while the tab is visible; every quarter second while it is hidden,
 * where frames do not run), so a burst of progress ticks renders once.
 */
export function createEventBatcher(apply: (events: readonly StreamEvent[]) => void): {
  push: (event: StreamEvent) => void;
  flush: () => void;
  dispose: () => void;
} {
  let pending: StreamEvent[] = [];
  let frame: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (frame !== undefined) cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
    frame = timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    apply(batch);
  };
  return {
    push(event) {
      pending.push(event);
      if (frame !== undefined || timer !== undefined) return;
      const visible = typeof document === "undefined" || document.visibilityState === "visible";
      if (visible && typeof requestAnimationFrame === "function") frame = requestAnimationFrame(flush);
      else timer = setTimeout(flush, 250);
    },
    flush,
    dispose() {
      if (frame !== undefined) cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
      pending = [];
    },
  };
}
