import type { Action, JobType, Space, SpaceDocument, SpaceFile } from "../../core";
import type { StoreReader, StoredSheet, StoredWorkbook } from "./store";

/**
 * The kinds of resource an action can be mounted on: every job type but `app`, since a kind is also the `type` of
 * the jobs its actions create. A job type core adds later becomes a kind here, and the records below stop compiling
 * until it is given a table, a reader and its actions.
 */
export type MountKind = Exclude<JobType, "app">;

/** Each kind's resource as the store holds it. */
export type MountedResource = {
  space: Space;
  workbook: StoredWorkbook;
  sheet: StoredSheet;
  document: SpaceDocument;
  file: SpaceFile;
};

/**
 * The table (in the SQLite and PostgreSQL stores; the map in the memory store) of each kind, in the order
 * `listScheduledActionSources` lists them.
 */
export const MOUNT_TABLES = {
  space: "spaces",
  workbook: "workbooks",
  sheet: "sheets",
  document: "documents",
  file: "files",
} as const satisfies Record<MountKind, string>;

/** The kinds in the order of `MOUNT_TABLES`. */
export const MOUNT_KINDS = Object.keys(MOUNT_TABLES) as MountKind[];

/** Reads the resource of one kind by id. */
export const MOUNT_READERS: {
  [K in MountKind]: (reader: StoreReader, id: string) => Promise<MountedResource[K] | undefined>;
} = {
  space: (reader, id) => reader.getSpace(id),
  workbook: (reader, id) => reader.getWorkbook(id),
  sheet: (reader, id) => reader.getSheet(id),
  document: (reader, id) => reader.getDocument(id),
  file: (reader, id) => reader.getFile(id),
};

export const isMountKind = (type: string): type is MountKind => Object.hasOwn(MOUNT_TABLES, type);

/** Where a resource lives (its space; its workbook for workbook, sheet and file) and what is mounted on it. */
export type ActionMount = {
  type: MountKind;
  id: string;
  spaceId: string;
  workbookId?: string;
  actions: readonly Action[];
};

/** The one place that knows where each kind keeps its actions (a sheet: in `config.actions`). */
const MOUNTS: { [K in MountKind]: (resource: MountedResource[K]) => Omit<ActionMount, "type"> } = {
  space: (space) => ({ id: space.id, spaceId: space.id, actions: space.actions }),
  workbook: (workbook) => ({
    id: workbook.id,
    spaceId: workbook.spaceId,
    workbookId: workbook.id,
    actions: workbook.actions,
  }),
  sheet: (sheet) => ({
    id: sheet.id,
    spaceId: sheet.spaceId,
    workbookId: sheet.workbookId,
    actions: sheet.config.actions ?? [],
  }),
  document: (document) => ({ id: document.id, spaceId: document.spaceId, actions: document.actions }),
  file: (file) => ({
    id: file.id,
    spaceId: file.spaceId,
    workbookId: file.workbookId,
    actions: file.actions,
  }),
};

export function actionMount<K extends MountKind>(type: K, resource: MountedResource[K]): ActionMount {
  const mount = MOUNTS[type] as ((resource: MountedResource[K]) => Omit<ActionMount, "type">) | undefined;
  if (!mount) throw new Error(`not a resource with actions: ${String(type)}`);
  return { type, ...mount(resource) };
}

/** The mount with only its scheduled actions, or undefined when it has none (what the scheduler reads). */
export function scheduledOnly(mount: ActionMount): ActionMount | undefined {
  const actions = mount.actions.filter((action) => action.schedule !== undefined);
  return actions.length > 0 ? { ...mount, actions } : undefined;
}

/** A cheap prefilter on a resource's stored JSON text; `scheduledOnly` decides. */
export const SCHEDULE_LIKE = '%"schedule"%';
