import { z } from "zod";
import { DiffRecord } from "./diff-record";
import { LIMITS, ResourceId } from "./common";
import { CellScalar, IdList, MAX_RECORDS_PER_CALL, RecordFilter } from "./record";

export { RECORD_JOBS, type RecordJobKind } from "../record-job-kinds";

/** Most record ids one selection may name (included or excepted). */
export const MAX_SELECTION_IDS = MAX_RECORDS_PER_CALL;

const SelectionIds = z.array(ResourceId).max(MAX_SELECTION_IDS);

/**
 * Which records of a sheet a job covers, as Flatfile's job configs say it: a filter (valid, error or all), judged
 * on one field's cell with `filterField`, a case-insensitive search in every cell or in `searchField`, and ids.
 * `q` (Flatfile's query language) is not supported and is refused with a 400 by the server.
 */
export const RecordSelectionConfig = z.object({
  filter: RecordFilter.optional(),
  filterField: z.string().max(LIMITS.label).optional(),
  searchValue: z.string().max(LIMITS.label).optional(),
  searchField: z.string().max(LIMITS.label).optional(),
  q: z.string().max(LIMITS.label).optional(),
  ids: SelectionIds.optional(),
});
export type RecordSelectionConfig = z.infer<typeof RecordSelectionConfig>;

const SnapshotLabel = z.string().trim().min(1).max(LIMITS.label).optional();

/** `workbook:delete-records` config (Flatfile's `DeleteRecordsJobConfig`, plus `ids`): the sheet and its selection. */
export const DeleteRecordsJobConfig = RecordSelectionConfig.extend({
  sheet: ResourceId,
  /** Records kept although the selection covers them (the grid's "select all" minus the rows unticked). */
  exceptions: SelectionIds.optional(),
  snapshotLabel: SnapshotLabel,
}).meta({ id: "DeleteRecordsJobConfig" });
export type DeleteRecordsJobConfig = z.infer<typeof DeleteRecordsJobConfig>;

/**
 * `sheet:find-replace` config (Flatfile's `FindAndReplaceJobConfig`): in `fieldKey`, `find` as plain text (never a
 * regular expression) replaced by `replace`; `find` wrapped in double quotes matches whole cells only.
 */
export const FindAndReplaceJobConfig = RecordSelectionConfig.extend({
  fieldKey: z.string().min(1).max(LIMITS.label),
  find: CellScalar.optional(),
  replace: CellScalar.optional(),
  snapshotLabel: SnapshotLabel,
}).meta({ id: "FindAndReplaceJobConfig" });
export type FindAndReplaceJobConfig = z.infer<typeof FindAndReplaceJobConfig>;

/** What a person's bulk edit does to one field's cells: set a value, clear, trim, or change the case. */
export const BULK_EDIT_OPS = ["set", "clear", "trim", "uppercase", "lowercase", "capitalize"] as const;
export const BulkEdit = z
  .object({
    fieldKey: z.string().min(1).max(LIMITS.label),
    op: z.enum(BULK_EDIT_OPS),
    /** The value `set` writes. */
    value: CellScalar.optional(),
  })
  .meta({ id: "BulkEdit" });
export type BulkEdit = z.infer<typeof BulkEdit>;

/** Longest `mutateRecord` source accepted. */
export const MAX_MUTATION_SOURCE = 100_000;

/**
 * `sheet:mutate-records` config (Flatfile's `MutateJobConfig`): `mutateRecord` is a JavaScript function as text,
 * run in a WebAssembly sandbox and accepted from the secret key only; `bulkEdit` is the built-in mutation a person
 * may run. Exactly one of the two.
 */
export const MutateJobConfig = RecordSelectionConfig.extend({
  sheetId: ResourceId,
  mutateRecord: z.string().min(1).max(MAX_MUTATION_SOURCE).optional(),
  bulkEdit: BulkEdit.optional(),
  mutationId: z.string().max(LIMITS.id).optional(),
  snapshotLabel: SnapshotLabel,
  snapshotId: z.string().max(LIMITS.id).optional(),
})
  .refine((config) => (config.mutateRecord === undefined) !== (config.bulkEdit === undefined), {
    message: "Give either mutateRecord (a function as text) or bulkEdit, not both",
    path: ["mutateRecord"],
  })
  .meta({ id: "MutateJobConfig" });
export type MutateJobConfig = z.infer<typeof MutateJobConfig>;

/**
 * A selection resolved by Flatfile's rule for `ids`: without a filter or a search, `ids` names the records to
 * include; once a filter (`valid`, `error` or `all`) or a search applies, `ids` names records to leave out.
 * `exceptions` always leaves records out.
 */
export type ResolvedSelection = {
  filter: RecordFilter;
  filterField?: string;
  searchValue?: string;
  searchField?: string;
  /** Only these records (no filter or search applied). */
  includeIds?: string[];
  /** These records are left out. */
  excludeIds?: string[];
};

export function resolveRecordSelection(
  config: RecordSelectionConfig & { exceptions?: readonly string[] },
): ResolvedSelection {
  const searchValue = config.searchValue === "" ? undefined : config.searchValue;
  const filtered = config.filter !== undefined || searchValue !== undefined;
  const excluded = [...(filtered ? (config.ids ?? []) : []), ...(config.exceptions ?? [])];
  return {
    filter: config.filter ?? "all",
    ...(config.filterField === undefined ? {} : { filterField: config.filterField }),
    ...(searchValue === undefined ? {} : { searchValue }),
    ...(config.searchField === undefined ? {} : { searchField: config.searchField }),
    ...(!filtered && config.ids !== undefined ? { includeIds: [...config.ids] } : {}),
    ...(excluded.length > 0 ? { excludeIds: excluded } : {}),
  };
}

/**
 * `PUT /sheets/{id}/find-replace` (Flatfile's `records.findAndReplace`): the selection in the query (`ids` repeated
 * or comma separated, and no default filter, so that ids without a filter include), the find in the body.
 */
export const FindAndReplaceQuery = RecordSelectionConfig.extend({ ids: IdList.optional() });
export type FindAndReplaceQuery = z.infer<typeof FindAndReplaceQuery>;

export const FindAndReplaceBody = FindAndReplaceJobConfig.pick({
  fieldKey: true,
  find: true,
  replace: true,
}).meta({
  id: "FindAndReplaceRecordRequest",
});
export type FindAndReplaceBody = z.infer<typeof FindAndReplaceBody>;

/** `PUT /sheets/{id}/find-replace`: the job created and the snapshot it takes first (the version to go back to). */
export const FindAndReplaceResult = z
  .object({ versionId: z.string(), jobId: z.string() })
  .meta({ id: "FindAndReplaceResult" });
export type FindAndReplaceResult = z.infer<typeof FindAndReplaceResult>;

/** `POST /sheets/{id}/validate` (Flatfile's `sheets.validate`): the `sheet:validate` job was created. */
export const ValidateSheetResult = z.object({ success: z.literal(true) }).meta({ id: "ValidateSheetResult" });
export type ValidateSheetResult = z.infer<typeof ValidateSheetResult>;

/** `POST /sheets/{id}/find-replace/preview`: how many records and cells will change, and up to 10 of them. */
export const FindAndReplacePreview = z
  .object({ records: z.number().int(), cells: z.number().int(), sample: z.array(DiffRecord) })
  .meta({ id: "FindAndReplacePreview" });
export type FindAndReplacePreview = z.infer<typeof FindAndReplacePreview>;
