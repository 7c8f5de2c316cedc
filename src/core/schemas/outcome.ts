import { z } from "zod";
import { LIMITS } from "./common";
import { isSafeOutcomeUrl, isSafeQuery, isSafeRelativePath } from "../url-safety";

const Label = z.string().max(LIMITS.label).optional();

/**
 * The outcome's `next`, built twice: `strict` (what a request may set: only safe URLs, paths that stay in the space)
 * and lenient (what a stored job is read back with). A reader never trusts a stored URL anyway (the dashboard checks
 * it again before rendering a link), and one bad row must not make a whole list of jobs unreadable.
 */
function nextSchema(strict: boolean) {
  const url = strict
    ? z
        .string()
        .max(4_096)
        .refine(
          isSafeOutcomeUrl,
          "must be an http(s) URL or a path on this server (javascript:, data: and //host are refused)",
        )
    : z.string();
  const path = strict
    ? z.string().max(1_024).refine(isSafeRelativePath, "must be a relative path inside the space")
    : z.string();
  const query = strict
    ? z.string().max(2_048).refine(isSafeQuery, "must be a plain query string")
    : z.string();
  return z.discriminatedUnion("type", [
    z.object({
      type: z.literal("id"),
      id: z.string().min(1).max(LIMITS.id),
      path: path.optional(),
      query: query.optional(),
      label: Label,
    }),
    z.object({ type: z.literal("url"), url, label: Label }),
    z.object({
      type: z.literal("download"),
      url,
      fileName: z.string().max(LIMITS.name).optional(),
      label: Label,
    }),
    z.object({
      type: z.literal("files"),
      files: z
        .array(z.object({ fileId: z.string().min(1).max(LIMITS.id), label: Label }))
        .min(1)
        .max(100),
      label: Label,
    }),
    z.object({ type: z.literal("wait"), fade: z.boolean().optional(), confetti: z.boolean().optional() }),
    z.object({
      type: z.literal("snapshot"),
      snapshotId: z.string().min(1).max(LIMITS.id),
      sheetId: z.string().min(1).max(LIMITS.id),
      label: Label,
      /**
       * Present on the Undo of a destructive system job: the button restores the snapshot with these options
       * (Flatfile's `RestoreOptions`) instead of opening it.
       */
      restore: z
        .object({
          created: z.boolean().optional(),
          updated: z.boolean().optional(),
          deleted: z.boolean().optional(),
        })
        .optional(),
    }),
    z.object({ type: z.literal("retry"), label: Label }),
    z.object({
      type: z.literal("view"),
      sheetId: z.string().min(1).max(LIMITS.id),
      hiddenColumns: z.array(z.string().max(LIMITS.label)).max(1_000),
      label: Label,
    }),
    z.object({
      type: z.literal("clearFilters"),
      sheetIds: z.array(z.string().max(LIMITS.id)).optional(),
      label: Label,
    }),
  ]);
}

export const JobOutcomeNext = nextSchema(true).meta({ id: "JobOutcomeNext" });
export type JobOutcomeNext = z.infer<typeof JobOutcomeNext>;
export type JobOutcomeNextType = JobOutcomeNext["type"];

function outcomeSchema(next: z.ZodType<JobOutcomeNext>) {
  return z.object({
    heading: z.string().max(LIMITS.label).optional(),
    message: z.string().max(LIMITS.message).optional(),
    acknowledge: z.boolean().optional(),
    buttonText: z.string().max(LIMITS.label).optional(),
    hideDefaultButton: z.boolean().optional(),
    trigger: z.object({ type: z.string().max(64), audience: z.string().max(64).optional() }).optional(),
    next: next.optional(),
  });
}

/** What the user is told when a job finishes, and the next step offered. Texts are plain text, never HTML. */
export const JobOutcome = outcomeSchema(JobOutcomeNext).meta({ id: "JobOutcome" });
export type JobOutcome = z.infer<typeof JobOutcome>;

/** An outcome as a stored job is read back with: the same shape, its URLs not re-judged (see `nextSchema`). */
export const StoredJobOutcome = outcomeSchema(nextSchema(false)).meta({ id: "StoredJobOutcome" });
