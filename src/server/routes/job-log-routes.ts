import {
  AppendJobLogsBody,
  JOB_LOG_LIMITS,
  JOB_LOGS_APPENDED_TOPIC,
  JobLogPage,
  JobLogsAppended,
  JobLogsQuery,
} from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { JobLogService } from "../services/job-log-service";

const LIMITS_TEXT = `A job keeps its newest ${JOB_LOG_LIMITS.linesPerJob} lines and ${JOB_LOG_LIMITS.bytesPerJob / 1024 / 1024} MiB (message and data); older lines are dropped and one marker line (with \`dropped\`, the count so far) takes the place of the newest of them, so it comes first.`;

/** `/jobs/{id}/logs`: a job's log lines, written by its listener and read in pages by `seq`. */
export function registerJobLogRoutes(api: ApiRouter, logs: JobLogService): void {
  api.add(
    {
      method: "post",
      path: "/jobs/:jobId/logs",
      tag: "Jobs",
      summary: "Append lines to a job's log",
      description: `1 to ${JOB_LOG_LIMITS.linesPerBatch} lines, each with a \`level\` (debug, info, warn, error; info when omitted), a \`message\` (at most ${JOB_LOG_LIMITS.messageLength} characters), a \`time\` (the server's when omitted) and optional \`data\` (a JSON object of at most ${JOB_LOG_LIMITS.dataBytes / 1024} KiB), numbered after the job's last line in the order sent, in any status of the job. ${LIMITS_TEXT} Publishes one \`${JOB_LOGS_APPENDED_TOPIC}\` event (the batch's seqs, count and highest level, not the lines). Accepts X-Listener-Id: a job claimed by another listener answers 409.`,
      access: "secret key",
      body: AppendJobLogsBody,
      response: JobLogsAppended,
    },
    async ({ c, body, params, principal }) => ({
      data: await logs.append(
        params.jobId as string,
        body,
        principal,
        c.req.header("x-listener-id") || undefined,
      ),
    }),
  );
  api.add(
    {
      method: "get",
      path: "/jobs/:jobId/logs",
      tag: "Jobs",
      summary: "Read a job's log",
      description: `A page of lines by \`seq\`: oldest first from \`after\` (to follow the log, pass the last \`seq\` seen, or the page's \`lastSeq\`), or \`order=desc\` newest first before \`before\`; \`level\` keeps that level and the more severe ones, \`q\` the lines whose message contains it (ignoring case). \`hasMore\` says whether more lines match past the page. ${LIMITS_TEXT}`,
      access: "secret key, operator; user (own space)",
      query: JobLogsQuery,
      response: JobLogPage,
    },
    async ({ params, query, principal }) => ({
      data: await logs.read(params.jobId as string, query, principal),
    }),
  );
}
