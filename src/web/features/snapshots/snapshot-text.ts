import { countOf, recordsWord } from "../../../core";
import type { SheetField } from "../../lib/api-types";
import { cellText as gridCellText } from "../sheets";
import { dateTimeText } from "../../lib/time-text";
import type { RecordValues, Snapshot, SnapshotDiff } from "./snapshot-rows";

/** "12 Nov 2026, 14:05", the dashboard's one date format. */
export const takenAt = (snapshot: Pick<Snapshot, "createdAt">) => dateTimeText(snapshot.createdAt);

/** The snapshot's label, or when it has none, when it was taken. */
export const snapshotTitle = (snapshot: Snapshot) => snapshot.label || `Snapshot of ${takenAt(snapshot)}`;

export const recordsText = recordsWord;

/** "3 added, 2 removed, 5 changed", or that nothing changed. */
export function summaryText(counts: SnapshotDiff["counts"]): string {
  if (counts.added + counts.removed + counts.changed === 0) return "No changes since this snapshot.";
  return `${counts.added} added, ${counts.removed} removed, ${counts.changed} changed since this snapshot.`;
}

/** What a restore will do, one sentence per kind of change (none when nothing changed). */
export function restoreEffects(counts: SnapshotDiff["counts"]): string[] {
  const effects: string[] = [];
  if (counts.added)
    effects.push(
      `${countOf(counts.added, "record")} added since ${counts.added === 1 ? "is" : "are"} deleted.`,
    );
  if (counts.removed)
    effects.push(
      `${countOf(counts.removed, "record")} removed since ${counts.removed === 1 ? "comes" : "come"} back.`,
    );
  if (counts.changed)
    effects.push(
      `${countOf(counts.changed, "changed record")} ${counts.changed === 1 ? "gets its" : "get their"} old values back.`,
    );
  return effects;
}

/** A cell's value as the grid shows it ("" when empty): an enum field's option by its label, not its stored value. */
export const cellText = (
  values: RecordValues | undefined,
  field: Pick<SheetField, "key" | "type" | "config">,
) => gridCellText(field, values?.[field.key]?.value);
