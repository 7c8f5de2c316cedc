import { z } from "zod";
import { ListSheetsQuery, Sheet, SheetCountsResult, SheetUpdate } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { RecordService } from "../services/record-service";
import type { WorkbookService } from "../services/workbook-service";

const STRUCTURE = "secret key (operator and user tokens: 403)";
const READ = "secret key, operator; user (own space)";

/** `/sheets` as `@flatfile/api`'s sheets client calls them: list by workbook, get, update, delete, counts. */
export function registerSheetRoutes(
  api: ApiRouter,
  workbooks: WorkbookService,
  records: RecordService,
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
      summary: "A sheet's record counts (total, valid, error)",
      access: READ,
      response: SheetCountsResult,
    },
    async ({ params, principal }) => ({
      data: { success: true, counts: await records.counts(params.sheetId as string, principal) },
    }),
  );
}
