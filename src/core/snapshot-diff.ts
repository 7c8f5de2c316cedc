import type { SheetRecord } from "./schemas/record";

export type ChangedRecord = { id: string; fields: string[]; before: SheetRecord; after: SheetRecord };
export type RecordDiff = { added: SheetRecord[]; removed: SheetRecord[]; changed: ChangedRecord[] };

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/** The fields whose values differ between two versions of one record (a snapshot's and the sheet's). */
export function changedFields(then: SheetRecord, now: SheetRecord): string[] {
  const keys = new Set([...Object.keys(then.values), ...Object.keys(now.values)]);
  return [...keys].filter((key) => !sameValue(then.values[key]?.value, now.values[key]?.value));
}

/**
 * What changed between a snapshot and the sheet now, by record id: records only in `now` were added, records only
 * in `then` were removed, and records in both whose values differ list the fields that changed.
 */
export function diffRecords(then: readonly SheetRecord[], now: readonly SheetRecord[]): RecordDiff {
  const before = new Map(then.map((r) => [r.id, r]));
  const added: SheetRecord[] = [];
  const changed: ChangedRecord[] = [];
  for (const record of now) {
    const old = before.get(record.id);
    if (!old) {
      added.push(record);
      continue;
    }
    before.delete(record.id);
    const fields = changedFields(old, record);
    if (fields.length) changed.push({ id: record.id, fields, before: old, after: record });
  }
  return { added, removed: [...before.values()], changed };
}
