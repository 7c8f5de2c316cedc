import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import { snapshotKeys } from "./snapshots-query-options";

/** Takes a snapshot of the sheet (with an optional label), then reads the sheet's snapshots again. */
export function useTakeSnapshot(sheetId: string) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (label: string) => api.snapshots.create({ sheetId, ...(label ? { label } : {}) }),
    onSuccess: () => client.invalidateQueries({ queryKey: snapshotKeys.list(sheetId) }),
  });
}
