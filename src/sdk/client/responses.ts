/*
 * The response shapes the client parses with; they live in core, beside the schemas the routes validate with.
 */
export {
  DeleteRecordsResult,
  DeleteResult,
  DiffRecord,
  FindAndReplacePreview,
  FindAndReplaceResult,
  HealthResult,
  RecordsResult,
  RestoreOptions,
  SheetCountsResult,
  SnapshotDiff,
  ValidateSheetResult,
} from "../../core";
