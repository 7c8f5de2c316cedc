import { z } from "zod";
import { IsoDateTime, LIMITS, Metadata, QueryBoolean, QueryInt, ResourceId, SortDirection } from "./common";

/** A cell's value: a scalar or empty. */
export const CellScalar = z.union([z.string().max(LIMITS.message), z.number(), z.boolean(), z.null()]);
export type CellScalar = z.infer<typeof CellScalar>;

export const ValidationMessage = z.object({
  type: z.enum(["error", "warn", "info"]),
  message: z.string().max(LIMITS.message),
  source: z.string().max(64).optional(),
});
export type ValidationMessage = z.infer<typeof ValidationMessage>;

/** A cell as written by a client: only the value (and optional metadata) is taken; validity is computed. */
export const CellInput = z.object({ value: CellScalar.optional(), metadata: Metadata.optional() });
export const RecordData = z.record(z.string().max(LIMITS.label), CellInput).meta({ id: "RecordData" });
export type RecordData = z.infer<typeof RecordData>;

export const Cell = z.object({
  value: CellScalar.optional(),
  valid: z.boolean(),
  messages: z.array(ValidationMessage),
  metadata: Metadata.optional(),
});
export type Cell = z.infer<typeof Cell>;

export const SheetRecord = z
  .object({
    id: z.string(),
    values: z.record(z.string(), Cell),
    valid: z.boolean(),
    messages: z.array(ValidationMessage),
    metadata: Metadata,
    createdAt: IsoDateTime.optional(),
    updatedAt: IsoDateTime.optional(),
  })
  .meta({ id: "Record" });
export type SheetRecord = z.infer<typeof SheetRecord>;

/** Most records one call may insert, update or delete. */
export const MAX_RECORDS_PER_CALL = 10_000;

/** `POST /sheets/{id}/records`: new records' values. */
export const InsertRecordsBody = z
  .array(RecordData)
  .min(1)
  .max(MAX_RECORDS_PER_CALL)
  .meta({ id: "InsertRecords" });

/** `PUT /sheets/{id}/records`: values to change, by record id; fields not named keep their value. */
export const UpdateRecordsBody = z
  .array(z.object({ id: ResourceId, values: RecordData, metadata: Metadata.optional() }))
  .min(1)
  .max(MAX_RECORDS_PER_CALL)
  .meta({ id: "UpdateRecords" });
export type UpdateRecordsBody = z.infer<typeof UpdateRecordsBody>;

export const IdList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((id) => id.trim()).filter(Boolean),
  )
  .pipe(z.array(ResourceId).max(MAX_RECORDS_PER_CALL));

/** Which records a read or a selection covers: all, only the valid ones, or only those with an error. */
export const RECORD_FILTERS = ["all", "valid", "error"] as const;
export const RecordFilter = z.enum(RECORD_FILTERS);
export type RecordFilter = z.infer<typeof RecordFilter>;

/** Field keys, repeated or comma separated (`fields=name&fields=email`, `fields=name,email`). */
const FieldKeyList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) =>
    (Array.isArray(value) ? value : value.split(",")).map((key) => key.trim()).filter(Boolean),
  )
  .pipe(z.array(z.string().max(LIMITS.label)).min(1).max(500));

/**
 * Which records a read, a count or an export covers: a filter, a case-insensitive search in every cell or in
 * `searchField` only, and record ids (repeated or comma separated).
 */
const RecordSelection = {
  filter: RecordFilter.default("all"),
  searchValue: z.string().max(LIMITS.label).optional(),
  searchField: z.string().max(LIMITS.label).optional(),
  ids: IdList.optional(),
};

/** `GET /sheets/{id}/records` query. */
export const GetRecordsQuery = z.object({
  pageSize: QueryInt(1, MAX_RECORDS_PER_CALL).default(100),
  pageNumber: QueryInt(1, 1_000_000).default(1),
  ...RecordSelection,
  sortField: z.string().max(LIMITS.label).optional(),
  sortDirection: SortDirection.default("asc"),
  /** Flatfile's deprecated flag: `counts` (the whole sheet's) are always answered. */
  includeCounts: QueryBoolean.optional(),
  /** `counts` are those of the selected records instead of the whole sheet's (`total` is the result set's length). */
  includeLength: QueryBoolean.optional(),
});
export type GetRecordsQuery = z.infer<typeof GetRecordsQuery>;

/** With `filter` valid or error: the validity of this field's cell, not of the whole record. */
const FilterField = z.string().max(LIMITS.label).optional();

/** `GET /sheets/{id}/counts` query (Flatfile's `GetRecordCountsRequest`): the records counted. */
export const GetRecordCountsQuery = z.object({ ...RecordSelection, filterField: FilterField });
export type GetRecordCountsQuery = z.infer<typeof GetRecordCountsQuery>;

/** `GET /sheets/{id}/download` query (Flatfile's `GetRecordsCsvRequest`, plus `fields` and `bom`). */
export const GetRecordsCsvQuery = z.object({
  ...RecordSelection,
  filterField: FilterField,
  sortField: z.string().max(LIMITS.label).optional(),
  sortDirection: SortDirection.default("asc"),
  /** The columns, by field key, in this order; all the sheet's fields when absent. */
  fields: FieldKeyList.optional(),
  /** Starts the file with a UTF-8 byte order mark, which spreadsheet programs need to read it as UTF-8. */
  bom: QueryBoolean.optional(),
});
export type GetRecordsCsvQuery = z.infer<typeof GetRecordsCsvQuery>;

/** `DELETE /sheets/{id}/records?ids=...`. */
export const DeleteRecordsQuery = z.object({ ids: IdList });
