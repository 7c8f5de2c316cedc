import {
  Event as EventSchema,
  Job as JobSchema,
  newId,
  type CellScalar,
  type Job,
  type SheetRecord,
  type Snapshot,
  type Space,
  type SpaceDocument,
  type SpaceFile,
} from "../../core";
import type { NewEvent, StoredSheet, StoredWorkbook } from "./store";

/** Builders of valid resources for the conformance suite and adapter tests; every call makes a new id. */

export const ENV = "us_env_conformance";
export const OTHER_ENV = "us_env_other";

/** Strictly increasing timestamps, so fixtures made one after another sort in creation order. */
let tick = Date.parse("2025-01-01T00:00:00.000Z");
export const nextTime = () => new Date((tick += 1_000)).toISOString();

export function makeJob(overrides: Partial<Job> = {}): Job {
  const at = overrides.createdAt ?? nextTime();
  return JobSchema.parse({
    id: newId("job"),
    type: "workbook",
    operation: "export",
    source: newId("workbook"),
    trigger: "manual",
    status: "ready",
    progress: 0,
    mode: "foreground",
    managed: true,
    environmentId: ENV,
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
}

export function makeSpace(overrides: Partial<Space> = {}): Space {
  const at = nextTime();
  return {
    id: newId("space"),
    name: "Space",
    environmentId: ENV,
    metadata: {},
    actions: [],
    labels: [],
    guestAuthentication: ["shared_link"],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

const NewEventSchema = EventSchema.omit({ position: true });

export function makeEvent(
  overrides: Partial<Omit<NewEvent, "context">> & { context?: Partial<NewEvent["context"]> } = {},
): NewEvent {
  const { context, ...rest } = overrides;
  return NewEventSchema.parse({
    id: newId("event"),
    topic: "job:created",
    domain: "job",
    payload: {},
    createdAt: nextTime(),
    ...rest,
    context: { accountId: "us_acc_conformance", environmentId: ENV, ...context },
  });
}

export function makeWorkbook(overrides: Partial<StoredWorkbook> = {}): StoredWorkbook {
  const at = nextTime();
  return {
    id: newId("workbook"),
    name: "Workbook",
    spaceId: newId("space"),
    environmentId: ENV,
    labels: [],
    actions: [],
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeSheet(overrides: Partial<StoredSheet> = {}): StoredSheet {
  const at = nextTime();
  return {
    id: newId("sheet"),
    workbookId: newId("workbook"),
    spaceId: newId("space"),
    name: "Contacts",
    slug: "contacts",
    config: {
      name: "Contacts",
      fields: [
        { key: "name", type: "string" },
        { key: "age", type: "number" },
      ],
    },
    metadata: {},
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** A record with one cell per entry of `values` (an `undefined` entry makes a cell without a value). */
export function makeRecord(values: Record<string, CellScalar | undefined>, valid = true): SheetRecord {
  const cells: SheetRecord["values"] = {};
  for (const [key, value] of Object.entries(values)) {
    cells[key] = value === undefined ? { valid, messages: [] } : { value, valid, messages: [] };
  }
  return {
    id: newId("record"),
    values: cells,
    valid,
    messages: valid ? [] : [{ type: "error", message: "invalid" }],
    metadata: {},
  };
}

export function makeDocument(overrides: Partial<SpaceDocument> = {}): SpaceDocument {
  const at = nextTime();
  return {
    id: newId("document"),
    spaceId: newId("space"),
    environmentId: ENV,
    title: "Welcome",
    body: "# Hello",
    treatments: [],
    actions: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeFile(overrides: Partial<SpaceFile> = {}): SpaceFile {
  const at = overrides.createdAt ?? nextTime();
  return {
    id: newId("file"),
    spaceId: newId("space"),
    environmentId: ENV,
    name: "contacts.csv",
    ext: "csv",
    mimetype: "text/csv",
    encoding: "utf-8",
    size: 10,
    bytesReceived: 10,
    status: "complete",
    mode: "import",
    actions: [],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    id: newId("snapshot"),
    sheetId: newId("sheet"),
    workbookId: newId("workbook"),
    spaceId: newId("space"),
    recordCount: 0,
    createdAt: overrides.createdAt ?? nextTime(),
    ...overrides,
  };
}
