import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import { recordKeys } from "../../sheets";
import { workbookKeys } from "../../spaces";
import type { Snapshot } from "../snapshot-rows";
import { snapshotKeys } from "./snapshots-query-options";

/**
 * Restores a snapshot into its sheet (every change since is undone), then reads again what it changed: the
 * comparisons with the sheet, the sheet's records and the workbooks' counts. The mutation stays pending until they
 * are read, so the view never shows the old differences after a success.
 */
export function useRestoreSnapshot(snapshot: Snapshot | undefined) {
  const api = useApi();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => {
      if (!snapshot) throw new Error("The snapshot is not loaded yet.");
      return api.snapshots.restore(snapshot.id);
    },
    onSuccess: (restored) =>
      Promise.all([
        client.invalidateQueries({ queryKey: snapshotKeys.diffs() }),
        client.invalidateQueries({ queryKey: recordKeys.sheet(restored.sheetId) }),
        client.invalidateQueries({ queryKey: workbookKeys.list(restored.spaceId) }),
      ]),
  });
}
