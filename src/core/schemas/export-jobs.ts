import { z } from "zod";
import { LIMITS, SortDirection } from "./common";
import { RecordSelectionConfig } from "./record-jobs";

export { EXPORT_JOBS, exportJobKind, type ExportJobKind } from "../export-job-kinds";

/**
 * What an export writes (Flatfile's `ExportOptions`, plus the download's `fields` and `bom`): the records of a
 * selection (`ids` follow Flatfile's rule, see `resolveRecordSelection`), sorted, in the chosen columns. `versionId`,
 * `commitId` and `q` are Flatfile's but not supported here: the server refuses them with a 400.
 */
export const ExportOptions = RecordSelectionConfig.extend({
  sortField: z.string().max(LIMITS.label).optional(),
  sortDirection: SortDirection.optional(),
  /** The columns, by field key, in this order; every field of the sheet when absent. */
  fields: z.array(z.string().max(LIMITS.label)).min(1).max(500).optional(),
  /** Starts each file with a UTF-8 byte order mark, which spreadsheet programs need to read it as UTF-8. */
  bom: z.boolean().optional(),
  versionId: z.string().max(LIMITS.id).optional(),
  commitId: z.string().max(LIMITS.id).optional(),
}).meta({ id: "ExportOptions" });
export type ExportOptions = z.infer<typeof ExportOptions>;

/**
 * An export job's config (Flatfile's `ExportJobConfig`). A sheet's export applies every option to its sheet; a
 * workbook's ("Download all sheets") writes every sheet whole, so it takes `bom` only.
 */
export const ExportJobConfig = z
  .object({ options: ExportOptions.default({}) })
  .meta({ id: "ExportJobConfig" });
export type ExportJobConfig = z.infer<typeof ExportJobConfig>;
