import { recordsWord } from "../../../../core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { RestoreOptions } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { errorText } from "../../../lib/error-text";
import { useToastStore } from "../../jobs";
import { recordKeys } from "../../sheets";

/** What the confirmation says: how many records came back when that can be told (a delete undone), else what happened. */
export function restoredText(restored: number | undefined): string {
  if (restored === undefined || restored <= 0) return "Undone: the records are back as they were";
  return `Restored ${recordsWord(restored)}`;
}

/**
 * A destructive job's Undo: restores its snapshot with the outcome's options (`POST /snapshots/{id}/restore`), says
 * so while it runs, then confirms in a toast ("Restored 1,204 records") and closes the outcome; a refusal stays here
 * in words, with the button to try again.
 */
export function UndoButton({
  job,
  sheetId,
  snapshotId,
  restore,
  label,
  onTaken,
}: {
  job: Job;
  sheetId: string;
  snapshotId: string;
  restore: RestoreOptions;
  label: string;
  onTaken: () => void;
}) {
  const api = useApi();
  const client = useQueryClient();
  const undo = useMutation({
    mutationFn: async () => {
      // Records brought back are counted by the sheet's total; other changes undone cannot be told from it.
      const before = restore.deleted ? (await api.sheets.counts(sheetId)).counts.total : undefined;
      await api.snapshots.restore(snapshotId, restore);
      const after = before === undefined ? undefined : (await api.sheets.counts(sheetId)).counts.total;
      return before === undefined || after === undefined ? undefined : after - before;
    },
    onSuccess: (restored) => {
      void client.invalidateQueries({ queryKey: recordKeys.sheet(sheetId) });
      useToastStore.getState().show({
        id: `${job.id}:undo`,
        jobId: job.id,
        spaceId: job.spaceId,
        title: restoredText(restored),
        description: undefined,
        tone: "ok",
      });
      onTaken();
    },
  });
  return (
    <>
      <Button
        variant="primary"
        data-slot="next-step"
        aria-disabled={undo.isPending || undefined}
        data-busy={undo.isPending || undefined}
        onClick={() => {
          if (!undo.isPending) undo.mutate();
        }}
      >
        {undo.isPending ? "Undoing…" : label}
      </Button>
      <span className="visually-hidden" aria-live="polite">
        {undo.isPending ? "Undoing, restoring the snapshot…" : ""}
      </span>
      {undo.isError ? (
        <p className="error-text" role="alert">
          Could not undo: {errorText(undo.error)}
        </p>
      ) : null}
    </>
  );
}
