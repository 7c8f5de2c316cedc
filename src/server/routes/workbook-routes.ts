import { z } from "zod";
import { CreateWorkbookConfig, ListWorkbooksQuery, Workbook, WorkbookUpdate } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { WorkbookService } from "../services/workbook-service";

const STRUCTURE = "secret key (operator and user tokens: 403)";
const READ = "secret key, operator; user (own space)";

/** `/workbooks` as `@flatfile/api`'s workbooks client calls them: list, create, get, update, delete. */
export function registerWorkbookRoutes(api: ApiRouter, workbooks: WorkbookService): void {
  api.add(
    {
      method: "get",
      path: "/workbooks",
      tag: "Workbooks",
      summary: "List workbooks (with their sheets and record counts)",
      access: READ,
      query: ListWorkbooksQuery,
      response: z.array(Workbook),
      paged: true,
    },
    async ({ query, principal }) => workbooks.list(query, principal),
  );
  api.add(
    {
      method: "post",
      path: "/workbooks",
      tag: "Workbooks",
      summary: "Create a workbook with its sheets",
      description:
        "The space must exist (400 with key `spaceId`). A sheet without a slug gets one from its name; slugs are unique in the workbook. Publishes `workbook:created` and `sheet:created` for each sheet.",
      access: STRUCTURE,
      body: CreateWorkbookConfig,
      response: Workbook,
    },
    async ({ body, principal }) => ({ data: await workbooks.create(body, principal) }),
  );
  api.add(
    {
      method: "get",
      path: "/workbooks/:workbookId",
      tag: "Workbooks",
      summary: "Get a workbook",
      access: READ,
      response: Workbook,
    },
    async ({ params, principal }) => ({ data: await workbooks.get(params.workbookId as string, principal) }),
  );
  api.add(
    {
      method: "patch",
      path: "/workbooks/:workbookId",
      tag: "Workbooks",
      summary: "Update a workbook",
      description:
        "Sheets are matched by slug: a known slug takes the new configuration (records are validated again when its fields change), a new slug adds a sheet, sheets not named stay. Publishes `workbook:updated`, `sheet:created|updated`, and `action:created|updated|deleted` for changed actions.",
      access: STRUCTURE,
      body: WorkbookUpdate,
      response: Workbook,
    },
    async ({ params, body, principal }) => ({
      data: await workbooks.update(params.workbookId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "delete",
      path: "/workbooks/:workbookId",
      tag: "Workbooks",
      summary: "Delete a workbook with its sheets, records and snapshots",
      description: "Publishes `workbook:deleted` and `sheet:deleted` for each sheet.",
      access: STRUCTURE,
    },
    async ({ params, principal }) => {
      await workbooks.delete(params.workbookId as string, principal);
      return { data: { success: true } };
    },
  );
}
