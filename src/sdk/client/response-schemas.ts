import { z } from "zod";
import {
  AccessToken,
  DiffRecord,
  DownloadLink,
  Event,
  FindAndReplacePreview,
  FindAndReplaceResult,
  Job,
  JobLogPage,
  JobLogsAppended,
  JobMetrics,
  JobPlan,
  ListenerPresence,
  Sheet,
  SheetRecord,
  Snapshot,
  Space,
  SpaceDocument,
  SpaceFile,
  ValidateSheetResult,
  Workbook,
} from "../../core";
import {
  DeleteRecordsResult,
  DeleteResult,
  HealthResult,
  RecordsResult,
  SheetCountsResult,
  SnapshotDiff,
} from "./responses";

/**
 * What each endpoint answers, by name: core's schemas. The endpoints (client.ts) name them and take their types only,
 * so that a client that reads answers as sent (the dashboard's) loads neither these schemas nor zod.
 */
export const responseSchemas = {
  AccessToken,
  DeleteRecordsResult,
  DeleteResult,
  DiffRecords: z.array(DiffRecord),
  DownloadLink,
  Event,
  FindAndReplacePreview,
  FindAndReplaceResult,
  HealthResult,
  Job,
  JobLogPage,
  JobLogsAppended,
  JobMetrics,
  JobPlan,
  Listeners: z.array(ListenerPresence),
  RecordsResult,
  Sheet,
  SheetCountsResult,
  SheetRecord,
  Sheets: z.array(Sheet),
  Snapshot,
  SnapshotDiff,
  Snapshots: z.array(Snapshot),
  Space,
  SpaceDocument,
  SpaceDocuments: z.array(SpaceDocument),
  SpaceFile,
  ValidateSheetResult,
  Workbook,
};

export type ResponseSchemas = typeof responseSchemas;
export type ResponseName = keyof ResponseSchemas;
/** The value an endpoint answers, as its schema outputs it. */
export type ResponseOf<N extends ResponseName> = z.output<ResponseSchemas[N]>;
