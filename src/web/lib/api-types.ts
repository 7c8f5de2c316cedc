import type { ApiClient } from "../../sdk";

/** Resource types as the SDK client returns them. */
export type Job = Awaited<ReturnType<ApiClient["jobs"]["get"]>>;
export type JobStatus = Job["status"];
export type Space = Awaited<ReturnType<ApiClient["spaces"]["get"]>>;
export type Workbook = Awaited<ReturnType<ApiClient["workbooks"]["get"]>>;
export type Sheet = Workbook["sheets"][number];
export type SheetField = Sheet["config"]["fields"][number];
export type SheetRecord = Awaited<ReturnType<ApiClient["records"]["get"]>>["records"][number];
export type RecordCounts = Awaited<ReturnType<ApiClient["records"]["get"]>>["counts"];
