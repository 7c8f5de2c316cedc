import { z } from "zod";
import {
  FindAndReplaceBody,
  FindAndReplaceJobConfig,
  FindAndReplacePreview,
  FindAndReplaceQuery,
  FindAndReplaceResult,
  GetRecordCountsQuery,
  GetRecordsCsvQuery,
  ListSheetsQuery,
  Sheet,
  SheetCountsResult,
  SheetUpdate,
  ValidateSheetResult,
} from "../../core";
import { attachmentDisposition } from "../files/media-types";
import type { ApiRouter } from "../http/api-router";
import type { RecordService } from "../services/record-service";
import type { WorkbookService } from "../services/workbook-service";
import type { RecordJobService } from "../system-jobs/records/record-job-service";

const STRUCTURE = "secret key (operator and user tokens: 403)";
const READ = "secret key, operator; user (own space)";
const RECORD_WRITE = "secret key, operator; user (own space); a read-only sheet: secret key only";

const CSV = "text/csv; charset=utf-8";

/**
 * `/sheets` as `@flatfile/api`'s sheets client calls them: list by workbook, get, update, delete, counts, and the
 * records as CSV.
 */
export function registerSheetRoutes(
  api: ApiRouter,
  workbooks: WorkbookService,
  records: RecordService,
  recordJobs: RecordJobService,
): void {
  api.add(
    {
      method: "get",
      path: "/sheets",
      tag: "Sheets",
      summary: "List a workbook's sheets",
      access: READ,
      query: ListSheetsQuery,
      response: z.array(Sheet),
    },
    async ({ query, principal }) => ({ data: await workbooks.listSheets(query.workbookId, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/sheets/:sheetId",
      tag: "Sheets",
      summary: "Get a sheet (with its record counts)",
      access: READ,
      response: Sheet,
    },
    async ({ params, principal }) => ({
      data: await workbooks.getSheet(params.sheetId as string, principal),
    }),
  );
  api.add(
    {
      method: "patch",
      path: "/sheets/:sheetId",
      tag: "Sheets",
      summary: "Update a sheet's name, slug, metadata or actions",
      description:
        "The slug stays unique in the workbook (400 with key `slug`). Publishes `sheet:updated`, and `action:created|updated|deleted` for changed actions.",
      access: STRUCTURE,
      body: SheetUpdate,
      response: Sheet,
    },
    async ({ params, body, principal }) => ({
      data: await workbooks.updateSheet(params.sheetId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "delete",
      path: "/sheets/:sheetId",
      tag: "Sheets",
      summary: "Delete a sheet with its records and snapshots",
      description: "Publishes `sheet:deleted`.",
      access: STRUCTURE,
    },
    async ({ params, principal }) => {
      await workbooks.deleteSheet(params.sheetId as string, principal);
      return { data: { success: true } };
    },
  );
  api.add(
    {
      method: "get",
      path: "/sheets/:sheetId/counts",
      tag: "Sheets",
      summary: "Record counts (total, valid, error) of a sheet or of a selection",
      description:
        "Without a query, the whole sheet. Otherwise the records that `filter` (all|valid|error), `searchValue` (in any " +
        "field or in `searchField`) and `ids` (repeated or comma separated) select. With `filterField`, `valid` and " +
        "`error` count that field's cell, and `filter` keeps one of them. A `searchField` or `filterField` that is " +
        "not a field of the sheet is a 400.",
      access: READ,
      query: GetRecordCountsQuery,
      arrayQuery: ["ids"],
      response: SheetCountsResult,
    },
    async ({ params, query, principal }) => ({
      data: { success: true, counts: await records.counts(params.sheetId as string, query, principal) },
    }),
  );
  api.add(
    {
      method: "get",
      path: "/sheets/:sheetId/download",
      tag: "Sheets",
      summary: "Download the sheet's records as CSV",
      description:
        "Streams RFC 4180 CSV (CRLF line ends) with a header line of field labels (keys when unlabelled). " +
        "`fields` (repeated or comma separated) chooses the columns in order; `filter`, `filterField`, `searchValue`, " +
        "`searchField` and `ids` as for the counts, `sortField` and `sortDirection` as for the record list; `bom=true` starts the file with a UTF-8 byte " +
        "order mark for spreadsheet programs. A key that is not a field of the sheet is a 400.",
      access: READ,
      query: GetRecordsCsvQuery,
      arrayQuery: ["ids", "fields"],
      produces: "text/csv",
    },
    async ({ params, query, principal }) => {
      const { name, stream } = await records.csv(params.sheetId as string, query, principal);
      return new Response(stream, {
        headers: {
          "content-type": CSV,
          "content-disposition": attachmentDisposition(`${name}.csv`),
          "x-content-type-options": "nosniff",
          "cache-control": "private, no-store",
        },
      });
    },
  );
  api.add(
    {
      method: "put",
      path: "/sheets/:sheetId/find-replace",
      tag: "Sheets",
      summary: "Find and replace in one field (creates a sheet:find-replace job)",
      description:
        "Flatfile's `records.findAndReplace`. The query selects the records (`filter`, `filterField`, `searchValue`, " +
        "`searchField`, `ids`: without a filter or search `ids` are the records, with one they are left out); the body " +
        "names the field, `find` (plain text; wrapped in double quotes it matches whole cells only; case-sensitive) " +
        "and `replace`. Creates the job, which snapshots the sheet first; answers its id and the snapshot's " +
        "(`versionId`). A field that does not exist, or `q`, is a 400.",
      access: RECORD_WRITE,
      query: FindAndReplaceQuery,
      arrayQuery: ["ids"],
      body: FindAndReplaceBody,
      response: FindAndReplaceResult,
    },
    async ({ params, query, body, principal }) => ({
      data: await recordJobs.findReplace(params.sheetId as string, query, body, principal),
    }),
  );
  api.add(
    {
      method: "post",
      path: "/sheets/:sheetId/find-replace/preview",
      tag: "Sheets",
      summary: "What a find and replace would change",
      description:
        "The body is a `FindAndReplaceJobConfig`. Answers how many records and cells would change and up to 10 of " +
        "them as `DiffRecord`s (`value`: after, `snapshotValue`: before). Changes nothing.",
      access: RECORD_WRITE,
      body: FindAndReplaceJobConfig,
      response: FindAndReplacePreview,
    },
    async ({ params, body, principal }) => ({
      data: await recordJobs.previewFindReplace(params.sheetId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "post",
      path: "/sheets/:sheetId/validate",
      tag: "Sheets",
      summary: "Validate every record again (creates a sheet:validate job)",
      description:
        "Flatfile's `sheets.validate`. The platform's job re-validates the records in chunks with progress and " +
        "writes only those whose cells or validity changed, each chunk with its `commit:created`.",
      access: RECORD_WRITE,
      response: ValidateSheetResult,
    },
    async ({ params, principal }) => {
      await recordJobs.validate(params.sheetId as string, principal);
      return { data: { success: true as const } };
    },
  );
}
