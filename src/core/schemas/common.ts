import { z } from "zod";
import { LIMITS } from "../limits";

export { LIMITS } from "../limits";

/** ISO-8601 date-time with `Z` or an offset, as every time field of the API is written. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/** Free-form JSON object a developer attaches to a resource. */
export const Metadata = z.record(z.string(), z.unknown());

export const ResourceId = z.string().min(1).max(LIMITS.id);

/** `{ data, pagination }` page of a list, 1-based page numbers. */
export const Pagination = z
  .object({
    currentPage: z.number().int().min(1),
    pageCount: z.number().int().min(0),
    totalCount: z.number().int().min(0),
    /** Jobs lists only: pass as `cursor` for the next page, read by position rather than by offset. */
    nextCursor: z.string().optional(),
  })
  .meta({ id: "Pagination" });
export type Pagination = z.infer<typeof Pagination>;

/** Every error response: which field (when there is one) and a sentence a person understands. */
export const ApiErrorBody = z
  .object({
    errors: z.array(z.object({ key: z.string().optional(), message: z.string() })),
  })
  .meta({ id: "Errors" });
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Query-string integer (they arrive as strings). */
export const QueryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Query-string boolean: only "true" and "false" are accepted, so a typo is an error, not a silent false. */
export const QueryBoolean = z.enum(["true", "false"]).transform((value) => value === "true");

export const SortDirection = z.enum(["asc", "desc"]);

export const PageQuery = z.object({
  pageSize: QueryInt(1, LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
  pageNumber: QueryInt(1, 1_000_000).default(1),
});

/** Builds the pagination block of a list response. */
export function paginate(totalCount: number, pageSize: number, currentPage: number): Pagination {
  return { currentPage, pageCount: Math.ceil(totalCount / pageSize), totalCount };
}

/** One choice of an enum: a sheet field's option or an action form field's option (Flatfile's `EnumPropertyOption`). */
export const EnumOption = z
  .object({
    value: z.union([z.string().max(LIMITS.label), z.number(), z.boolean()]),
    label: z.string().max(LIMITS.label).optional(),
    description: z.string().max(LIMITS.info).optional(),
    color: z.string().max(64).optional(),
    icon: z.string().max(64).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "EnumOption" });
export type EnumOption = z.infer<typeof EnumOption>;
