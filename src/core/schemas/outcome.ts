import { z } from "zod";
import { LIMITS } from "./common";
import { isSafeOutcomeUrl, isSafeQuery, isSafeRelativePath } from "../url-safety";

const Label = z.string().max(LIMITS.label).optional();
const SafeUrl = z
  .string()
  .max(4_096)
  .refine(
    isSafeOutcomeUrl,
    "must be an http(s) URL or a path on this server (javascript:, data: and //host are refused)",
  );

export const JobOutcomeNext = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("id"),
      id: z.string().min(1).max(LIMITS.id),
      path: z
        .string()
        .max(1_024)
        .refine(isSafeRelativePath, "must be a relative path inside the space")
        .optional(),
      query: z.string().max(2_048).refine(isSafeQuery, "must be a plain query string").optional(),
      label: Label,
    }),
    z.object({ type: z.literal("url"), url: SafeUrl, label: Label }),
    z.object({
      type: z.literal("download"),
      url: SafeUrl,
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
  ])
  .meta({ id: "JobOutcomeNext" });
export type JobOutcomeNext = z.infer<typeof JobOutcomeNext>;
export type JobOutcomeNextType = JobOutcomeNext["type"];

/** What the user is told when a job finishes, and the next step offered. Texts are plain text, never HTML. */
export const JobOutcome = z
  .object({
    heading: z.string().max(LIMITS.label).optional(),
    message: z.string().max(LIMITS.message).optional(),
    acknowledge: z.boolean().optional(),
    buttonText: z.string().max(LIMITS.label).optional(),
    hideDefaultButton: z.boolean().optional(),
    trigger: z.object({ type: z.string().max(64), audience: z.string().max(64).optional() }).optional(),
    next: JobOutcomeNext.optional(),
  })
  .meta({ id: "JobOutcome" });
export type JobOutcome = z.infer<typeof JobOutcome>;
