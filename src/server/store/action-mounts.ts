import type { Action, Space, SpaceDocument, SpaceFile } from "../../core";
import type { StoredSheet, StoredWorkbook } from "./store";

/** The kinds of resource an action can be mounted on; each is also the `type` of the jobs its actions create. */
export type MountKind = "space" | "workbook" | "sheet" | "document" | "file";

/**
 * The tables (in the SQLite and PostgreSQL stores) of the resources actions are mounted on, in the order
 * `listScheduledActionSources` lists them.
 */
export const MOUNT_TABLES: readonly (readonly [MountKind, string])[] = [
  ["space", "spaces"],
  ["workbook", "workbooks"],
  ["sheet", "sheets"],
  ["document", "documents"],
  ["file", "files"],
];

/** Where a resource lives (its space; its workbook for workbook, sheet and file) and what is mounted on it. */
export type ActionMount = {
  type: MountKind;
  id: string;
  spaceId: string;
  workbookId?: string;
  actions: readonly Action[];
};

type MountedResource = {
  space: Space;
  workbook: StoredWorkbook;
  sheet: StoredSheet;
  document: SpaceDocument;
  file: SpaceFile;
};

/** The one place that knows where each kind keeps its actions (a sheet: in `config.actions`). */
export function actionMount<K extends MountKind>(type: K, resource: MountedResource[K]): ActionMount {
  const r = resource as MountedResource[MountKind];
  switch (type) {
    case "space":
      return { type, id: r.id, spaceId: r.id, actions: (r as Space).actions };
    case "workbook": {
      const workbook = r as StoredWorkbook;
      return {
        type,
        id: r.id,
        spaceId: workbook.spaceId,
        workbookId: workbook.id,
        actions: workbook.actions,
      };
    }
    case "sheet": {
      const sheet = r as StoredSheet;
      return {
        type,
        id: r.id,
        spaceId: sheet.spaceId,
        workbookId: sheet.workbookId,
        actions: sheet.config.actions ?? [],
      };
    }
    case "document":
      return { type, id: r.id, spaceId: (r as SpaceDocument).spaceId, actions: (r as SpaceDocument).actions };
    case "file": {
      const file = r as SpaceFile;
      return { type, id: r.id, spaceId: file.spaceId, workbookId: file.workbookId, actions: file.actions };
    }
    default:
      throw new Error(`not a resource with actions: ${String(type)}`);
  }
}

/** The mount with only its scheduled actions, or undefined when it has none (what the scheduler reads). */
export function scheduledOnly(mount: ActionMount): ActionMount | undefined {
  const actions = mount.actions.filter((action) => action.schedule !== undefined);
  return actions.length > 0 ? { ...mount, actions } : undefined;
}

/** A cheap prefilter on a resource's stored JSON text; `scheduledOnly` decides. */
export const SCHEDULE_LIKE = '%"schedule"%';
