import type { SheetRecord } from "./schemas/record";

export type ChangedRecord = { id: string; fields: string[]; before: SheetRecord; after: SheetRecord };
export type RecordDiff = { added: SheetRecord[]; removed: SheetRecord[]; changed: ChangedRecord[] };

const sameValue = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

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
    const keys = new Set([...Object.keys(old.values), ...Object.keys(record.values)]);
    const fields = [...keys].filter((key) => !sameValue(old.values[key]?.value, record.values[key]?.value));
    if (fields.length) changed.push({ id: record.id, fields, before: old, after: record });
  }
  return { added, removed: [...before.values()], changed };
}
