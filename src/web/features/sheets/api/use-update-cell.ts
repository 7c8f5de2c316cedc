import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { CellScalar } from "../../../../core";
import { useApi } from "../../../lib/api-context";
import type { SheetRecord } from "../../../lib/api-types";
import { waitForConnection } from "../../live";
import { recordKeys } from "./records-query-options";
import { saveWhenReachable } from "./save-when-reachable";

type Cell = SheetRecord["values"][string];
type Page = { records: SheetRecord[] };

export type CellEdit = { recordId: string; field: string; value: CellScalar };

/** Replaces one cell of one record in every cached page of the sheet (a record may sit in several views). */
function patchRecord(
  client: QueryClient,
  sheetId: string,
  recordId: string,
  patch: (record: SheetRecord) => SheetRecord,
): void {
  client.setQueriesData<Page>({ queryKey: recordKeys.pages(sheetId) }, (page) => {
    if (!page?.records.some((record) => record.id === recordId)) return page;
    return {
      ...page,
      records: page.records.map((record) => (record.id === recordId ? patch(record) : record)),
    };
  });
}

const withCell = (record: SheetRecord, field: string, cell: Cell): SheetRecord => ({
  ...record,
  values: { ...record.values, [field]: cell },
});

/** The key of a sheet's cell saves, to list the ones in flight (`useMutationState`). */
export const cellEditKey = (sheetId: string) => [...recordKeys.sheet(sheetId), "edit"] as const;

/**
 * Saves one cell: the grid shows the new value at once (marked as saving while the call runs), then the record as the server validated
 * it (with its messages); on a refusal the old cell comes back and the error is the mutation's. An edit made while
 * the server cannot be reached is kept, marked as saving, and sent when the connection is back (see
 * saveWhenReachable); the sheet's edits are one queue (a mutation scope), saved in the order they were made, so
 * the last value typed into a cell is the one that stays.
 */
export function useUpdateCell(sheetId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationKey: cellEditKey(sheetId),
    scope: { id: cellEditKey(sheetId).join("/") },
    mutationFn: ({ recordId, field, value }: CellEdit) =>
      saveWhenReachable(
        () => api.records.update(sheetId, [{ id: recordId, values: { [field]: { value } } }]),
        waitForConnection,
      ),
    onMutate: async ({ recordId, field, value }) => {
      // A page read before the save must not land after it with the old value.
      await client.cancelQueries({ queryKey: recordKeys.pages(sheetId) });
      let previous: Cell | undefined;
      patchRecord(client, sheetId, recordId, (record) => {
        previous ??= record.values[field];
        return withCell(record, field, { ...record.values[field], value, valid: true, messages: [] });
      });
      return { previous };
    },
    onSuccess: (result, { recordId }) => {
      const saved = result.records.find((record) => record.id === recordId);
      if (saved) patchRecord(client, sheetId, recordId, () => saved);
    },
    onError: (_error, { recordId, field }, context) => {
      const previous = context?.previous;
      patchRecord(client, sheetId, recordId, (record) => {
        if (previous) return withCell(record, field, previous);
        const values = { ...record.values };
        delete values[field];
        return { ...record, values };
      });
    },
  });
}
