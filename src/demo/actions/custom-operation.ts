import { SYSTEM_WORKER_ID } from "../../core";
import { jobHandler, type ListenerPlugin } from "../../sdk";
import { CONTACTS_SLUG } from "../kit";
import { logged } from "./define";

export const CUSTOM_JOB = "workbook:myCustomOperation";

/**
 * The seed document's custom job: every commit to a contacts sheet creates a `workbook:myCustomOperation` job
 * (trigger immediate), which counts the contacts again. The job only reads, so it never causes a commit of its own,
 * and commits cannot loop.
 */
export const customOperation: ListenerPlugin = (listener) => {
  listener.on("commit:created", { sheet: CONTACTS_SLUG }, async (event, { api }) => {
    const { workbookId, sheetId, actorId } = event.context;
    // An import commits once per chunk and runs as a job of its own: counting after each chunk would only add noise.
    if (!workbookId || actorId === SYSTEM_WORKER_ID) return;
    await api.jobs.create({
      type: "workbook",
      operation: "myCustomOperation",
      trigger: "immediate",
      source: workbookId,
      input: { sheetId, commit: event.payload },
    });
  });

  listener.use(
    jobHandler(
      CUSTOM_JOB,
      logged(CUSTOM_JOB, async (job, tick, { api, signal }) => {
        const sheetId = typeof job.input?.sheetId === "string" ? job.input.sheetId : undefined;
        if (!sheetId) throw new Error("The job does not name the sheet that changed");
        await tick(50, "Counting the contacts");
        const { counts } = await api.sheets.counts(sheetId, { signal });
        const commit = (job.input?.commit ?? {}) as Record<string, unknown>;
        const changes = ["inserted", "updated", "deleted"].flatMap((key) => {
          const count = commit[key];
          return typeof count === "number" && count > 0 ? [`${count} ${key}`] : [];
        });
        return {
          message:
            `Contacts changed${changes.length ? ` (${changes.join(", ")})` : ""}: ` +
            `${counts.total} contacts now, ${counts.error} with errors.`,
        };
      }),
    ),
  );
};
