import { LIMITS, type CellScalar, type SheetRecord } from "../../core";
import { SandboxError } from "./sandbox-error";
import type { SandboxLimits } from "./sandbox-limits";

/** A record as `mutateRecord` receives it: Flatfile's shape, `{id, values: {key: {value, valid, messages}}, metadata}`. */
export type SandboxRecord = Pick<SheetRecord, "id" | "values" | "metadata"> &
  Partial<Pick<SheetRecord, "valid" | "messages">>;

/**
 * What `mutateRecord` returned for one record: the value of each cell it returned whose value differs from the value
 * it was given (`null` for an empty one); every cell returned, for a record that was not plain (see `encodeBatch`).
 */
export type SandboxResult = { id: string; values: Record<string, CellScalar> };

/** Longest piece of the function's own error text a message quotes. */
const MAX_QUOTED = 500;

export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

export const idText = (recordId: string | undefined) =>
  recordId === undefined ? "" : ` on record ${recordId}`;

const quote = (text: string) => (text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text);

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

const describeValue = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "an array"
      : typeof value === "object"
        ? "an object"
        : typeof value;

const isPlainCell = (cell: SandboxRecord["values"][string] | undefined) =>
  cell !== undefined &&
  cell.value !== undefined &&
  cell.valid !== false &&
  cell.messages.length === 0 &&
  cell.metadata === undefined;

/**
 * A batch as it crosses into the engine. Reading JSON is most of the engine's time, so a record that is plain (every
 * cell of the batch's keys with a value, valid, without messages or metadata; the record valid, without messages or
 * metadata) travels as `[id, ...values]` and the engine rebuilds the cells; any other record travels whole.
 */
export function encodeBatch(records: readonly SandboxRecord[]): string {
  const keys = Object.keys(records[0]?.values ?? {});
  const rows = records.map((record) => {
    const { values } = record;
    const plain =
      record.valid !== false &&
      (record.messages?.length ?? 0) === 0 &&
      Object.keys(record.metadata).length === 0 &&
      Object.keys(values).length === keys.length &&
      keys.every((key) => isPlainCell(values[key]));
    return plain ? [record.id, ...keys.map((key) => values[key]?.value)] : record;
  });
  return JSON.stringify({ keys, rows });
}

/** The failure the engine reported for one record, as a SandboxError. */
function failureOf(
  failed: Record<string, unknown>,
  records: readonly SandboxRecord[],
  limits: SandboxLimits,
) {
  const index = typeof failed.failed === "number" ? failed.failed : -1;
  const id = records[index]?.id;
  const where = idText(id);
  const message = quote(typeof failed.message === "string" ? failed.message : "");
  switch (failed.stage) {
    case "threw":
      // The function may catch the engine's own limit errors; they still are the limits.
      if (/out of memory/i.test(message))
        return new SandboxError(
          "memory",
          `mutateRecord used more than ${megabytes(limits.memoryBytes)} of memory${where}`,
          id,
        );
      if (/stack overflow/i.test(message))
        return new SandboxError("stack", `mutateRecord recursed too deep${where}`, id);
      return new SandboxError("threw", `mutateRecord threw${where}: ${message}`, id);
    case "unreadable":
      return new SandboxError(
        "invalid",
        `mutateRecord returned a value that is not JSON${where}: ${message}`,
        id,
      );
    default:
      return new SandboxError(
        "invalid",
        `mutateRecord returned ${message || "nothing"}${where}, not a record: it must return the record it was given`,
        id,
      );
  }
}

/** A cell's value as returned, or a SandboxError saying what is wrong with it. */
function cellValue(cell: unknown, key: string, id: string): CellScalar {
  if (!isObject(cell))
    throw new SandboxError(
      "invalid",
      `mutateRecord returned values.${key} as ${describeValue(cell)} on record ${id}: a cell is an object; set values.${key}.value`,
      id,
    );
  const value = cell.value;
  if (value === undefined || value === null) return null;
  if (typeof value === "string") {
    if (value.length > LIMITS.message)
      throw new SandboxError(
        "invalid",
        `mutateRecord returned a value of ${value.length} characters in ${key} on record ${id}; the most is ${LIMITS.message}`,
        id,
      );
    return value;
  }
  if (typeof value === "number" || typeof value === "boolean") return value;
  throw new SandboxError(
    "invalid",
    `mutateRecord returned ${describeValue(value)} as the value of ${key} on record ${id}: a value is text, a number, a boolean or null`,
    id,
  );
}

/** One returned record, checked: an object, with the id it was given and its values as cells; `0` when none changed. */
function readRecord(raw: unknown, input: SandboxRecord): SandboxResult {
  const { id } = input;
  if (raw === 0) return { id, values: Object.create(null) as Record<string, CellScalar> };
  if (!isObject(raw))
    throw new SandboxError(
      "invalid",
      `mutateRecord returned ${describeValue(raw)} on record ${id}, not a record: it must return the record it was given`,
      id,
    );
  if (raw.id !== id)
    throw new SandboxError(
      "invalid",
      `mutateRecord changed the id of record ${id}; a record's id cannot change`,
      id,
    );
  if (!isObject(raw.values))
    throw new SandboxError(
      "invalid",
      `mutateRecord returned record ${id} with values as ${describeValue(raw.values)}; values is an object of cells`,
      id,
    );
  // No prototype: a key such as "__proto__" stays a key (and is refused later as no field of the sheet).
  const values = Object.create(null) as Record<string, CellScalar>;
  const cells = raw.values;
  // JSON.parse makes own properties only (a "__proto__" key included), so for-in sees exactly those.
  for (const key in cells) values[key] = cellValue(cells[key], key, id);
  return { id, values };
}

/** The engine's answer for a batch, read as untrusted JSON: the results, or the failure it reports. */
export function readResults(
  text: string,
  records: readonly SandboxRecord[],
  limits: SandboxLimits,
): SandboxResult[] {
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new SandboxError("invalid", "mutateRecord's batch answered text that is not JSON");
  }
  if (isObject(answer) && "failed" in answer) throw failureOf(answer, records, limits);
  const results = isObject(answer) ? answer.results : undefined;
  if (!Array.isArray(results) || results.length !== records.length)
    throw new SandboxError("invalid", "mutateRecord's batch did not answer one result per record");
  return results.map((raw: unknown, i) => readRecord(raw, records[i] as SandboxRecord));
}
