import {
  coerceCell,
  type Field,
  type JobExecutionPlan,
  type RecordData,
  type SheetRecord,
  formatCount,
} from "../../../core";
import { insertValidatedRecords, UniqueIndex } from "../../services/record-service";
import type { StoredSheet } from "../../store/store";
import { SYSTEM_ACTOR } from "../system-actor";
import { SystemJobError, type SystemJobRun } from "../system-job-run";
import type { SystemJobHandler } from "../system-worker";
import { ChunkSizer } from "../chunk-sizer";
import { readMapJob } from "./map-job-config";

/**
 * Where a map run stands: source records read (in the sheet's order, the last one's id in `after`), records written
 * and flagged. Commits with each chunk.
 */
type MapCursor = { read: number; written: number; flagged: number; after?: string };

/** Turns a plan's edges into a function from a source record to the destination's raw values. */
export function compileMapping(
  plan: JobExecutionPlan,
  destinationFields: readonly Field[],
): (record: SheetRecord) => RecordData {
  const fieldsByKey = new Map(destinationFields.map((field) => [field.key, field]));
  const edges = plan.fieldMapping.flatMap((edge) => {
    const field = fieldsByKey.get(edge.destinationField.key);
    if (!field) return [];
    const enumValues = new Map<string, unknown>();
    for (const pair of edge.enumDetails?.mapping ?? []) {
      if (pair.sourceValue !== undefined && pair.destinationValue !== undefined)
        enumValues.set(String(pair.sourceValue).trim().toLowerCase(), pair.destinationValue);
    }
    return [{ from: edge.sourceField.key, field, enumValues }];
  });
  return (record) => {
    const values: RecordData = {};
    for (const { from, field, enumValues } of edges) {
      const raw = record.values[from]?.value;
      if (raw === undefined || raw === null) continue;
      const text = String(raw);
      // Most edges map no enum values: no lower-cased copy of every value for them.
      const mapped = enumValues.size > 0 ? enumValues.get(text.trim().toLowerCase()) : undefined;
      const value = mapped !== undefined ? (mapped as string | number | boolean) : coerceCell(field, text);
      if (value !== undefined) values[field.key] = { value };
    }
    return values;
  };
}

/**
 * `workbook:map`: copies the source sheet's records through the plan into the destination sheet, a chunk per
 * transaction (the records, their `commit:created` and the job's progress and cursor together). A value that does
 * not fit its field is kept and flagged by validation, never dropped. A retry or a resumed run continues after the
 * last committed chunk, so no record is written twice.
 */
export const mapJobHandler: SystemJobHandler = {
  type: "workbook",
  operation: "map",
  async run(run: SystemJobRun) {
    const { deps } = run;
    const { config, plan } = readMapJob(run.job);
    if (!plan) throw new SystemJobError("This import has no mapping plan; create the import again.");
    const source = await deps.store.getSheet(config.sourceSheetId);
    const destination = await deps.store.getSheet(config.destinationSheetId);
    if (!source) throw new SystemJobError("The file's sheet is gone, so there is nothing to import.");
    if (!destination) throw new SystemJobError("The sheet to import into no longer exists.");
    const toValues = compileMapping(plan, destination.config.fields);
    // Counted when the job was created: counting a million rows again would hold the event loop for tens of ms. It
    // is for progress only; the run reads the sheet to its end.
    const counted = run.job.metadata.sourceRows;
    const total = typeof counted === "number" ? counted : (await deps.store.countRecords(source.id)).total;
    const cursor: MapCursor = { read: 0, written: 0, flagged: 0, ...run.cursor<MapCursor>() };
    const index = await UniqueIndex.load(deps.store, destination.id, destination.config);
    const sizer = new ChunkSizer();

    for (;;) {
      const started = performance.now();
      const size = sizer.size;
      const items = await deps.store.readRecordsAfter(source.id, cursor.after, size);
      if (items.length === 0) break;
      const rows = items.map(toValues);
      const next: MapCursor = {
        ...cursor,
        read: cursor.read + items.length,
        written: cursor.written + rows.length,
        after: items.at(-1)?.id,
      };
      await run.chunk(
        async (tx) => {
          const now = deps.now().toISOString();
          const written = await insertValidatedRecords(deps, tx, destination, rows, index, SYSTEM_ACTOR, now);
          next.flagged += written.filter((record) => !record.valid).length;
        },
        {
          progress: Math.min(99, Math.floor((next.read / Math.max(total, 1)) * 100)),
          info: `Imported ${formatCount(next.read)} of ${formatCount(Math.max(total, next.read))} rows`,
          metadata: next,
        },
      );
      Object.assign(cursor, next);
      sizer.observe(performance.now() - started, items.length);
      // A short read was the sheet's end.
      if (items.length < size) break;
    }
    await run.complete(importOutcome(destination, cursor), `Imported ${formatCount(cursor.written)} rows`);
  },
};

function importOutcome(destination: StoredSheet, cursor: MapCursor) {
  const flagged =
    cursor.flagged > 0
      ? ` ${formatCount(cursor.flagged)} ${cursor.flagged === 1 ? "has values" : "have values"} to fix.`
      : "";
  return {
    // The person who ran the import is shown its outcome until they acknowledge it, with the way to the rows.
    acknowledge: true,
    heading: "Import complete",
    message: `${formatCount(cursor.written)} ${cursor.written === 1 ? "row" : "rows"} imported into ${destination.name}.${flagged}`,
    next: {
      type: "id" as const,
      id: destination.spaceId,
      path: `sheets/${destination.id}`,
      ...(cursor.flagged > 0 ? { query: "filter=error" } : {}),
      label: `Open ${destination.name}`,
    },
  };
}
