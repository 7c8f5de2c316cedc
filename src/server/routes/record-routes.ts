import {
  DeleteRecordsQuery,
  DeleteRecordsResult,
  GetRecordsQuery,
  InsertRecordsBody,
  MAX_RECORDS_PER_CALL,
  RecordsResult,
  UpdateRecordsBody,
} from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { RecordService } from "../services/record-service";
import { recordsResponse } from "./records-response";

/** Record writes may carry up to 10,000 records, well over the API's 1 MiB. */
export const RECORD_BODY_BYTES = 32 * 1024 * 1024;

const WRITE = "secret key; operator and user (own space) unless the sheet is read-only";
const READ = "secret key, operator; user (own space)";
const BODY = `Up to ${MAX_RECORDS_PER_CALL.toLocaleString("en")} records per call; the body may be up to 32 MiB (other routes read 1 MiB).`;
const VALIDATION =
  "Cells are validated against the sheet's fields (type, enum options, required); an invalid value makes the record invalid, it is not refused. A key that is not a field is a 400 (key `<index>.<field>`) unless the sheet allows additional fields. Values of `unique` fields are compared across the whole sheet: every record sharing a value is marked invalid, and cleared again when the duplicate goes away. Publishes `commit:created`.";

/** `/sheets/{sheetId}/records` as `@flatfile/api`'s records client calls them. */
export function registerRecordRoutes(api: ApiRouter, records: RecordService): void {
  api.add(
    {
      method: "get",
      path: "/sheets/:sheetId/records",
      tag: "Records",
      summary: "List a sheet's records",
      description:
        "Paged (`pageSize`, `pageNumber`), filtered (`filter` all|valid|error), searched (`searchValue`, in any field or in `searchField`), by `ids` (repeated or comma separated), sorted (`sortField`, `sortDirection`). `counts` are the whole sheet's (`includeCounts`, Flatfile's deprecated flag, changes nothing); with `includeLength=true` they are the selected records' (`total` is the result set's length).",
      access: READ,
      query: GetRecordsQuery,
      arrayQuery: ["ids"],
      response: RecordsResult,
      paged: true,
    },
    async ({ params, query, principal }) => records.list(params.sheetId as string, query, principal),
  );
  api.add(
    {
      method: "post",
      path: "/sheets/:sheetId/records",
      tag: "Records",
      summary: "Insert records",
      description: `${VALIDATION} ${BODY}`,
      access: WRITE,
      body: InsertRecordsBody,
      maxBodyBytes: RECORD_BODY_BYTES,
      response: RecordsResult,
      bulk: true,
    },
    async ({ c, params, body, principal, bulk }) =>
      recordsResponse(c, await records.insert(params.sheetId as string, body, principal, bulk), bulk),
  );
  api.add(
    {
      method: "put",
      path: "/sheets/:sheetId/records",
      tag: "Records",
      summary: "Update records by id",
      description: `Fields not named keep their value; an id that is not a record of the sheet is a 400 (key \`<index>.id\`). ${VALIDATION} ${BODY}`,
      access: WRITE,
      body: UpdateRecordsBody,
      maxBodyBytes: RECORD_BODY_BYTES,
      response: RecordsResult,
      bulk: true,
    },
    async ({ c, params, body, principal, bulk }) =>
      recordsResponse(c, await records.update(params.sheetId as string, body, principal), bulk),
  );
  api.add(
    {
      method: "delete",
      path: "/sheets/:sheetId/records",
      tag: "Records",
      summary: "Delete records by id",
      description:
        "`ids` repeated or comma separated; ids that are not records of the sheet are skipped. Records left with a value that is no longer duplicated are validated again. Publishes `commit:created`.",
      access: WRITE,
      query: DeleteRecordsQuery,
      arrayQuery: ["ids"],
      response: DeleteRecordsResult,
    },
    async ({ params, query, principal }) => ({
      data: { success: true, ...(await records.delete(params.sheetId as string, query.ids, principal)) },
    }),
  );
}
