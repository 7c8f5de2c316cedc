import { ConflictError, isJobCanceled, jobLog, NotFoundError } from "../../sdk";
import { contactsSheet, sleep, workbookIdOf } from "../kit";
import { jobName, type DemoAction } from "./define";

const action = {
  operation: "sync-crm",
  label: "Sync to CRM",
  description: "Send the valid contacts to the CRM.",
  mode: "background",
  confirm: false,
  icon: "refresh",
} as const;
const name = jobName("workbook", action.operation);

/**
 * "Sync to CRM": fails on its first attempt with `next: retry` (the outcome's "Try again" button calls
 * `POST /jobs/{id}/retry`) and succeeds on the next. The attempts are counted in the job's metadata, which a retry
 * keeps.
 *
 * Written with the plain calls of Flatfile's guide (ack, update, fail, complete) instead of `jobHandler`, because
 * it fails the job with an outcome of its own; its log lines go through `jobLog`, flushed before the job ends.
 */
export const syncCrm: DemoAction = {
  mountedOn: "workbook",
  action,
  register: (listener) =>
    listener.on("job:ready", { job: name }, async (event, { api, signal, logger }) => {
      const jobId = event.context.jobId;
      if (!jobId) return;
      let job;
      try {
        job = await api.jobs.ack(jobId, { info: "Connecting to the CRM", progress: 10 });
      } catch (error) {
        // Another listener took it, or it is gone.
        if (error instanceof ConflictError || error instanceof NotFoundError) return;
        throw error;
      }
      const attempt = (typeof job.metadata.attempts === "number" ? job.metadata.attempts : 0) + 1;
      logger.info(`${name} ${jobId} started (attempt ${attempt})`);
      const log = jobLog(api, jobId, { logger });
      try {
        await api.jobs.update(jobId, { metadata: { attempts: attempt } });
        log.info(`Connecting to the CRM (attempt ${attempt})`);
        await sleep(800, signal);
        if (attempt === 1) {
          log.warn("The CRM did not answer within 800 ms", { attempt });
          log.error("Gave up: nothing was sent to the CRM");
          await log.flush();
          await api.jobs.fail(jobId, {
            info: "The CRM did not answer",
            outcome: {
              heading: "The CRM did not answer",
              // The first attempt fails on purpose, so the retry can be tried; the words are what a person would read.
              message: "The CRM did not accept the contacts in time, so nothing was sent. Try again.",
              acknowledge: true,
              next: { type: "retry", label: "Try again" },
            },
          });
          logger.info(`${name} ${jobId} failed on purpose: the outcome offers a retry`);
          return;
        }
        const sheet = await contactsSheet(api, workbookIdOf(job));
        const { counts } = await api.sheets.counts(sheet.id);
        await api.jobs.ack(jobId, { info: `Sending ${counts.valid} contacts`, progress: 60 });
        log.info(`Sending ${counts.valid} valid contacts`, {
          valid: counts.valid,
          skipped: counts.total - counts.valid,
        });
        await sleep(600, signal);
        log.info("The CRM accepted the contacts");
        await log.flush();
        await api.jobs.complete(jobId, {
          outcome: {
            heading: "Synced",
            message: `Sent ${counts.valid} contacts to the CRM on attempt ${attempt}.`,
          },
        });
        logger.info(`${name} ${jobId} done on attempt ${attempt}`);
      } catch (error) {
        if (isJobCanceled(signal)) return;
        const message = error instanceof Error ? error.message : String(error);
        log.error(message);
        await log.flush();
        await api.jobs.fail(jobId, { outcome: { message, acknowledge: true } });
      }
    }),
};
