import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import type { Sheet } from "../../../lib/api-types";
import { jobKeys } from "../../jobs";

/** Where an import reads from: a sheet of a file's extracted workbook. */
export type ImportSource = { workbookId: string; sheetId: string };

/**
 * Creates the map job of an import (`POST /jobs`, `workbook:map`): the platform proposes a plan and the job waits in
 * `planning` for the person to check it.
 */
export function useCreateImport() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ source, destination }: { source: ImportSource; destination: Sheet }) =>
      api.jobs.create({
        type: "workbook",
        operation: "map",
        source: source.workbookId,
        destination: destination.workbookId,
        config: { sourceSheetId: source.sheetId, destinationSheetId: destination.id },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: jobKeys.lists() }),
  });
}
