import {
  newId,
  paginate,
  slugify,
  type CreateWorkbookConfig,
  type ListWorkbooksQuery,
  type Principal,
  type Sheet,
  type SheetConfig,
  type SheetUpdate,
  type Workbook,
  type WorkbookUpdate,
} from "../../core";
import { badRequest, notFound } from "../http/api-error";
import type { NewEvent, StoreReader, StoreTx, StoredSheet, StoredWorkbook } from "../store/store";
import { canSeeSpace, requireStructureWriter } from "./access";
import { actionEvents, makeEvent, sheetContext } from "./event-factory";
import { commitEvent, revalidateSheet } from "./record-service";
import type { ServiceDeps } from "./service-deps";

/** The slug a sheet config asks for, or the one its name gives. */
const slugOf = (config: SheetConfig) => config.slug ?? slugify(config.name);

/** 400 when two sheets of one call would share a slug (core checks the given slugs; this checks the derived ones). */
function checkSlugs(configs: readonly SheetConfig[]): string[] {
  const slugs = configs.map(slugOf);
  slugs.forEach((slug, i) => {
    if (slugs.indexOf(slug) !== i) throw badRequest(`duplicate sheet slug "${slug}"`, `sheets.${i}.slug`);
  });
  return slugs;
}

/** Whether a config change alters how records validate (then every record is checked again). */
function validationChanged(before: SheetConfig, after: SheetConfig): boolean {
  return (
    JSON.stringify(before.fields) !== JSON.stringify(after.fields) ||
    Boolean(before.allowAdditionalFields) !== Boolean(after.allowAdditionalFields)
  );
}

/**
 * Workbooks and their sheets. Creating, updating and deleting them is the developer's (secret key); every change
 * publishes its events in the same transaction: `workbook:created|updated|deleted`, `sheet:created|updated|deleted`,
 * `action:created|updated|deleted` when an existing workbook's or sheet's actions change, and `commit:created` when
 * a change of a sheet's fields re-validated records.
 */
export class WorkbookService {
  constructor(private readonly deps: ServiceDeps) {}

  #newSheet(workbook: StoredWorkbook, config: SheetConfig, slug: string, now: string): StoredSheet {
    return newStoredSheet(workbook, config, slug, now);
  }

  /** A stored sheet with its record counts, as the API returns it. */
  async #withCounts(reader: StoreReader, sheet: StoredSheet): Promise<Sheet> {
    return { ...sheet, recordCounts: await reader.countRecords(sheet.id) };
  }

  async #withSheets(reader: StoreReader, workbook: StoredWorkbook): Promise<Workbook> {
    const sheets = await reader.listSheets(workbook.id);
    return { ...workbook, sheets: await Promise.all(sheets.map((s) => this.#withCounts(reader, s))) };
  }

  async #visibleWorkbook(reader: StoreReader, id: string, principal: Principal): Promise<StoredWorkbook> {
    const workbook = await reader.getWorkbook(id);
    if (!workbook || !canSeeSpace(principal, workbook.spaceId)) throw notFound("workbook", id);
    return workbook;
  }

  async #visibleSheet(reader: StoreReader, id: string, principal: Principal): Promise<StoredSheet> {
    const sheet = await reader.getSheet(id);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId)) throw notFound("sheet", id);
    return sheet;
  }

  async create(config: CreateWorkbookConfig, principal: Principal): Promise<Workbook> {
    requireStructureWriter(principal, "create workbooks");
    const slugs = checkSlugs(config.sheets ?? []);
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getSpace(config.spaceId)))
        throw badRequest(`space ${config.spaceId} not found`, "spaceId");
      const workbook: StoredWorkbook = {
        id: newId("workbook"),
        name: config.name,
        spaceId: config.spaceId,
        environmentId: this.deps.environmentId,
        ...(config.namespace === undefined ? {} : { namespace: config.namespace }),
        labels: config.labels ?? [],
        actions: config.actions ?? [],
        ...(config.settings === undefined ? {} : { settings: config.settings }),
        metadata: config.metadata ?? {},
        createdAt: now,
        updatedAt: now,
      };
      const sheets = (config.sheets ?? []).map((sheet, i) =>
        this.#newSheet(workbook, sheet, slugs[i] as string, now),
      );
      await tx.insertWorkbook(workbook);
      for (const sheet of sheets) await tx.insertSheet(sheet);
      await tx.appendEvent(
        workbookEvent(this.deps, workbook, "workbook:created", principal, now, {
          sheetIds: sheets.map((s) => s.id),
        }),
      );
      for (const sheet of sheets)
        await tx.appendEvent(sheetEvent(this.deps, sheet, "sheet:created", principal, now));
      return {
        ...workbook,
        sheets: sheets.map((s) => ({ ...s, recordCounts: { total: 0, valid: 0, error: 0 } })),
      };
    });
  }

  async get(id: string, principal: Principal): Promise<Workbook> {
    return this.#withSheets(this.deps.store, await this.#visibleWorkbook(this.deps.store, id, principal));
  }

  async list(query: ListWorkbooksQuery, principal: Principal) {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    const { items, total } = await this.deps.store.listWorkbooks({
      spaceId,
      environmentId: query.environmentId,
      limit: query.pageSize,
      offset: (query.pageNumber - 1) * query.pageSize,
    });
    const data = await Promise.all(items.map((w) => this.#withSheets(this.deps.store, w)));
    return { data, pagination: paginate(total, query.pageSize, query.pageNumber) };
  }

  /**
   * Changes a workbook. Sheets in `update.sheets` are matched by slug: an existing one takes the new configuration
   * (its records are validated again when its fields changed), a new slug adds a sheet; sheets not named stay.
   */
  async update(id: string, update: WorkbookUpdate, principal: Principal): Promise<Workbook> {
    requireStructureWriter(principal, "update workbooks");
    const slugs = checkSlugs(update.sheets ?? []);
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const workbook = await tx.getWorkbook(id);
      if (!workbook) throw notFound("workbook", id);
      const { sheets: _sheets, ...fields } = update;
      const updated: StoredWorkbook = { ...workbook, ...fields, updatedAt: now };
      await tx.updateWorkbook(updated);
      const events: NewEvent[] = [
        workbookEvent(this.deps, updated, "workbook:updated", principal, now, {
          changed: Object.keys(update).filter((key) => update[key as keyof WorkbookUpdate] !== undefined),
        }),
      ];
      if (update.actions) {
        events.push(
          ...actionEvents(
            this.deps,
            {
              domain: "workbook",
              resourceId: workbook.id,
              before: workbook.actions,
              after: updated.actions,
              context: sheetContext({ spaceId: workbook.spaceId, workbookId: workbook.id }),
              actor: principal,
            },
            now,
          ),
        );
      }
      const existing = new Map((await tx.listSheets(workbook.id)).map((s) => [s.slug, s]));
      for (const [i, config] of (update.sheets ?? []).entries()) {
        const slug = slugs[i] as string;
        const old = existing.get(slug);
        if (!old) {
          const sheet = this.#newSheet(updated, config, slug, now);
          await tx.insertSheet(sheet);
          events.push(sheetEvent(this.deps, sheet, "sheet:created", principal, now));
          continue;
        }
        const sheet: StoredSheet = {
          ...old,
          name: config.name,
          config: { ...config, slug },
          metadata: config.metadata ?? old.metadata,
          updatedAt: now,
        };
        const unchanged =
          sheet.name === old.name &&
          JSON.stringify(sheet.config) === JSON.stringify(old.config) &&
          JSON.stringify(sheet.metadata) === JSON.stringify(old.metadata);
        if (!unchanged) events.push(...(await this.#writeSheet(tx, old, sheet, principal, now)));
      }
      for (const event of events) await tx.appendEvent(event);
      return this.#withSheets(tx, updated);
    });
  }

  async delete(id: string, principal: Principal): Promise<void> {
    requireStructureWriter(principal, "delete workbooks");
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const workbook = await tx.getWorkbook(id);
      if (!workbook) throw notFound("workbook", id);
      const sheets = await tx.listSheets(workbook.id);
      await tx.deleteWorkbook(workbook.id);
      await tx.appendEvent(workbookEvent(this.deps, workbook, "workbook:deleted", principal, now));
      for (const sheet of sheets)
        await tx.appendEvent(sheetEvent(this.deps, sheet, "sheet:deleted", principal, now));
    });
  }

  async getSheet(id: string, principal: Principal): Promise<Sheet> {
    return this.#withCounts(this.deps.store, await this.#visibleSheet(this.deps.store, id, principal));
  }

  /** A workbook's sheets (Flatfile's `GET /sheets?workbookId=`); a workbook the token cannot see is 404. */
  async listSheets(workbookId: string, principal: Principal): Promise<Sheet[]> {
    const workbook = await this.#visibleWorkbook(this.deps.store, workbookId, principal);
    const sheets = await this.deps.store.listSheets(workbook.id);
    return Promise.all(sheets.map((s) => this.#withCounts(this.deps.store, s)));
  }

  /** `PATCH /sheets/{id}`: name, slug (unique in the workbook), metadata, actions. */
  async updateSheet(id: string, update: SheetUpdate, principal: Principal): Promise<Sheet> {
    requireStructureWriter(principal, "update sheets");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const old = await tx.getSheet(id);
      if (!old) throw notFound("sheet", id);
      const slug = update.slug ?? old.slug;
      if (slug !== old.slug) {
        const siblings = await tx.listSheets(old.workbookId);
        if (siblings.some((s) => s.id !== old.id && s.slug === slug))
          throw badRequest(`another sheet of workbook ${old.workbookId} has the slug "${slug}"`, "slug");
      }
      const name = update.name ?? old.name;
      const sheet: StoredSheet = {
        ...old,
        name,
        slug,
        metadata: update.metadata ?? old.metadata,
        config: { ...old.config, name, slug, ...(update.actions ? { actions: update.actions } : {}) },
        updatedAt: now,
      };
      for (const event of await this.#writeSheet(tx, old, sheet, principal, now)) await tx.appendEvent(event);
      return this.#withCounts(tx, sheet);
    });
  }

  async deleteSheet(id: string, principal: Principal): Promise<void> {
    requireStructureWriter(principal, "delete sheets");
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const sheet = await tx.getSheet(id);
      if (!sheet) throw notFound("sheet", id);
      await tx.deleteSheet(sheet.id);
      await tx.appendEvent(sheetEvent(this.deps, sheet, "sheet:deleted", principal, now));
    });
  }

  /**
   * Writes a changed sheet and returns its events: `sheet:updated`, the action events of its `actions[]`, and, when
   * its fields changed, `commit:created` for the records that validate differently now.
   */
  async #writeSheet(
    tx: StoreTx,
    old: StoredSheet,
    sheet: StoredSheet,
    principal: Principal,
    now: string,
  ): Promise<NewEvent[]> {
    await tx.updateSheet(sheet);
    const events = [sheetEvent(this.deps, sheet, "sheet:updated", principal, now)];
    events.push(
      ...actionEvents(
        this.deps,
        {
          domain: "sheet",
          resourceId: sheet.id,
          before: old.config.actions ?? [],
          after: sheet.config.actions ?? [],
          context: sheetContext({ spaceId: sheet.spaceId, workbookId: sheet.workbookId, sheet }),
          actor: principal,
        },
        now,
      ),
    );
    if (validationChanged(old.config, sheet.config)) {
      const revalidated = await revalidateSheet(tx, sheet, now);
      if (revalidated.length)
        events.push(
          commitEvent(
            this.deps,
            sheet,
            { inserted: 0, updated: revalidated.length, deleted: 0, recordIds: revalidated },
            principal,
            now,
          ),
        );
    }
    return events;
  }
}

/** A new sheet of `workbook` from its config, as stored. */
export function newStoredSheet(
  workbook: StoredWorkbook,
  config: SheetConfig,
  slug: string,
  now: string,
): StoredSheet {
  return {
    id: newId("sheet"),
    workbookId: workbook.id,
    spaceId: workbook.spaceId,
    name: config.name,
    slug,
    config: { ...config, slug },
    metadata: config.metadata ?? {},
    createdAt: now,
    updatedAt: now,
  };
}

/** `workbook:created|updated|deleted`. */
export function workbookEvent(
  deps: ServiceDeps,
  workbook: StoredWorkbook,
  topic: string,
  principal: Principal,
  now: string,
  extra = {},
) {
  return makeEvent(
    deps,
    {
      topic,
      domain: "workbook",
      context: {
        ...sheetContext({ spaceId: workbook.spaceId, workbookId: workbook.id }),
        actorId: principal.subject,
      },
      payload: { workbookId: workbook.id, name: workbook.name, ...extra },
    },
    now,
  );
}

/** `sheet:created|updated|deleted`. */
export function sheetEvent(
  deps: ServiceDeps,
  sheet: StoredSheet,
  topic: string,
  principal: Principal,
  now: string,
  extra = {},
): NewEvent {
  return makeEvent(
    deps,
    {
      topic,
      domain: "sheet",
      context: {
        ...sheetContext({ spaceId: sheet.spaceId, workbookId: sheet.workbookId, sheet }),
        actorId: principal.subject,
      },
      payload: { sheetId: sheet.id, name: sheet.name, slug: sheet.slug, ...extra },
    },
    now,
  );
}
