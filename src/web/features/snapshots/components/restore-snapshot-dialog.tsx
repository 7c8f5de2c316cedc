import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import type { Snapshot, SnapshotDiff } from "../snapshot-rows";
import { restoreEffects, takenAt } from "../snapshot-text";
import "../snapshots.css";

/** "Restore this snapshot?": what the restore will undo, Cancel, and the button that restores. */
export function RestoreSnapshotDialog({
  open,
  snapshot,
  sheetName,
  counts,
  pending,
  error,
  onOpenChange,
  onConfirm,
  onCloseAutoFocus,
}: {
  open: boolean;
  snapshot: Snapshot;
  sheetName: string;
  counts: SnapshotDiff["counts"];
  pending: boolean;
  error: string | undefined;
  onOpenChange: (open: boolean) => void;
  onConfirm: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="snapshot-dialog" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>Restore this snapshot?</DialogTitle>
        <DialogDescription>
          {sheetName} goes back to how it was on {takenAt(snapshot)}:
        </DialogDescription>
        <ul className="snapshot-effects">
          {restoreEffects(counts).map((effect) => (
            <li key={effect}>{effect}</li>
          ))}
        </ul>
        <p className="muted snapshot-dialog-note">
          Restored records are checked against the sheet&apos;s fields as they are now. The changes made since
          the snapshot are lost: take a snapshot first if you may want them back.
        </p>
        {error ? (
          <p className="notice" role="alert">
            Could not restore the snapshot: {error}
          </p>
        ) : null}
        <DialogButtons
          className="snapshot-dialog-buttons"
          confirmClassName="snapshot-restore-confirm"
          pending={pending}
          onConfirm={onConfirm}
        >
          {pending ? "Restoring…" : "Restore snapshot"}
        </DialogButtons>
      </DialogContent>
    </Dialog>
  );
}
