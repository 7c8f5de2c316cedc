import {
  claimConflict,
  higherJobLogLevel,
  jobAttempt,
  JOB_LOG_CAPS,
  JOB_LOGS_APPENDED_TOPIC,
  type AppendJobLogsBody,
  type JobLogCaps,
  type JobLogPage,
  type JobLogsAppended,
  type JobLogsAppendedPayload,
  type JobLogsQuery,
  type NewJobLogLine,
  type Principal,
} from "../../core";
import { conflict, notFound } from "../http/api-error";
import { canSeeSpace, requireListener } from "./access";
import { jobEventContext, makeEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

/**
 * A job's log lines. Whoever may see a job reads its lines; whoever may update it (the secret key, and while the job
 * is claimed only the listener that claimed it, when the call names one) writes them, in any status: lines that
 * arrive after the job finished still explain it. Each batch publishes one `job:logs-appended` event, not the lines.
 */
export class JobLogService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly caps: JobLogCaps = JOB_LOG_CAPS,
  ) {}

  async append(
    jobId: string,
    body: AppendJobLogsBody,
    principal: Principal,
    listenerId: string | undefined,
  ): Promise<JobLogsAppended> {
    const now = this.deps.now().toISOString();
    const lines = body.lines.map((line): NewJobLogLine => ({
      level: line.level,
      message: line.message,
      // One form for every time, as the server writes its own.
      time: line.time === undefined ? now : new Date(line.time).toISOString(),
      ...(line.data === undefined ? {} : { data: line.data }),
    }));
    // Writes the job's log rows only, after locking the job by reading it (see TransactionOptions).
    return this.deps.store.transaction(
      async (tx) => {
        const job = await tx.getJob(jobId);
        if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", jobId);
        requireListener(principal, "log to");
        const claimed = claimConflict(job, listenerId);
        if (claimed && !claimed.ok) throw conflict(claimed.message);
        // Stamped with the attempt the job is at when they arrive (a handler flushes its lines before it fails).
        const attempt = jobAttempt(job);
        const appended = await tx.appendJobLogs(
          jobId,
          lines.map((line) => ({ ...line, attempt })),
          this.caps,
        );
        const payload: JobLogsAppendedPayload = {
          ...appended,
          level: lines.map((line) => line.level).reduce(higherJobLogLevel),
        };
        await tx.appendEvent(
          makeEvent(
            this.deps,
            {
              topic: JOB_LOGS_APPENDED_TOPIC,
              domain: "job",
              context: jobEventContext(job, principal),
              payload,
            },
            now,
          ),
        );
        return appended;
      },
      { independent: true },
    );
  }

  async read(jobId: string, query: JobLogsQuery, principal: Principal): Promise<JobLogPage> {
    const job = await this.deps.store.getJob(jobId);
    if (!job || !canSeeSpace(principal, job.spaceId)) throw notFound("job", jobId);
    return this.deps.store.readJobLogs(jobId, {
      after: query.after,
      before: query.before,
      order: query.order,
      level: query.level,
      q: query.q?.toLowerCase(),
      attempt: query.attempt,
      limit: query.pageSize,
    });
  }
}
