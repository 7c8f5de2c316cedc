import type { ApiClient } from "../../../sdk";
import type { SheetRecord } from "../../lib/api-types";

export type SnapshotDiff = Awaited<ReturnType<ApiClient["snapshots"]["diff"]>>;
export type Snapshot = Awaited<ReturnType<ApiClient["snapshots"]["get"]>>;
export type RecordValues = SheetRecord["values"];

export type ChangeKind = "added" | "removed" | "changed" | "same";

/** One row of the snapshot view: a record as it was (or, when added since, as it is) and how it differs now. */
export type DiffRow = {
  id: string;
  kind: ChangeKind;
  /** The values shown: the snapshot's, the current ones for a changed or added record. */
  values: RecordValues;
  /** For a changed record: its values in the snapshot. */
  before?: RecordValues;
  /** For a changed record: the fields whose value differs. */
  changedFields?: ReadonlySet<string>;
};

/**
 * The rows of the snapshot view. The comparison itself is the server's (`diff`); this only lays its answer over the
 * snapshot's records. All rows: the snapshot's records in their order (those loaded so far), each marked removed,
 * changed or unchanged, then, once every page is loaded, the records added since. Changes only: the changed, the
 * removed and the added records, straight from the diff.
 */
export function diffRows(
  snapshotRecords: readonly SheetRecord[],
  diff: SnapshotDiff,
  { changesOnly, complete }: { changesOnly: boolean; complete: boolean },
): DiffRow[] {
  const changedRow = (change: SnapshotDiff["changed"][number]): DiffRow => ({
    id: change.id,
    kind: "changed",
    values: change.after.values,
    before: change.before.values,
    changedFields: new Set(change.fields),
  });
  const added = diff.added.map((record): DiffRow => ({
    id: record.id,
    kind: "added",
    values: record.values,
  }));
  if (changesOnly) {
    return [
      ...diff.changed.map(changedRow),
      ...diff.removed.map((record): DiffRow => ({ id: record.id, kind: "removed", values: record.values })),
      ...added,
    ];
  }
  const removed = new Set(diff.removed.map((record) => record.id));
  const changed = new Map(diff.changed.map((change) => [change.id, change]));
  const rows = snapshotRecords.map((record): DiffRow => {
    if (removed.has(record.id)) return { id: record.id, kind: "removed", values: record.values };
    const change = changed.get(record.id);
    return change ? changedRow(change) : { id: record.id, kind: "same", values: record.values };
  });
  return complete ? [...rows, ...added] : rows;
}
