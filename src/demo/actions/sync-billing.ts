import { contactsSheet, sleep, workbookIdOf } from "../kit";
import { defineAction } from "./define";

/** Attempts the billing service refuses before it takes the contacts: the first two of the three. */
export const BILLING_BUSY_ATTEMPTS = 2;

/**
 * "Sync to billing": the automatic retries at work. The (imaginary) billing service is busy for the first two
 * attempts; the action's retry policy schedules the job again 2 seconds after each failure, and the third attempt
 * gets through. Each attempt writes its own log lines, so the job detail shows what happened in each.
 */
export const syncBilling = defineAction(
  "workbook",
  {
    operation: "sync-billing",
    label: "Sync to billing",
    description: "Send the valid contacts to the billing service, retrying while it is busy.",
    mode: "background",
    confirm: false,
    icon: "refresh",
    retry: { attempts: 3, backoff: { type: "fixed", delaySeconds: 2 } },
  },
  async (job, tick, { api, signal, log }) => {
    const attempt = job.attempt ?? 1;
    log.info(`Connecting to the billing service (attempt ${attempt})`);
    await tick(20, "Connecting to the billing service");
    await sleep(600, signal);
    if (attempt <= BILLING_BUSY_ATTEMPTS) {
      log.warn("The billing service answered 503: busy", { attempt });
      // jobHandler fails the attempt with this message; the retry policy schedules the next one.
      throw new Error("The billing service was busy, so nothing was sent.");
    }
    const sheet = await contactsSheet(api, workbookIdOf(job));
    const { counts } = await api.sheets.counts(sheet.id, { signal });
    await tick(70, `Sending ${counts.valid} contacts`);
    log.info(`Sending ${counts.valid} valid contacts`, { valid: counts.valid });
    await sleep(400, signal);
    log.info("The billing service accepted the contacts");
    return {
      heading: "Synced to billing",
      message: `Sent ${counts.valid} contacts to the billing service on attempt ${attempt}.`,
    };
  },
);
