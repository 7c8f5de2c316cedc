import type { z } from "zod";
import {
  DeleteRecordsJobConfig,
  FindAndReplaceJobConfig,
  MutateJobConfig,
  newId,
  RECORD_JOBS,
  RecordSelectionConfig,
  resolveRecordSelection,
  type Job,
  type JobConfig,
  type JobSubject,
  type Principal,
  type RecordJobKind,
  type ResolvedSelection,
  recordsWord,
} from "../../../core";
import { badRequest, validationError } from "../../http/api-error";
import { canSeeSpace, requireRecordWriter, requireSecretKey } from "../../services/access";
import { insertNewJob } from "../../services/job-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoreTx, StoredSheet } from "../../store/store";
import { countSelection } from "./record-selection";

/** Which record job a request creates, if it is one. */
export function recordJobKind(job: Pick<Job, "type" | "operation">): RecordJobKind | undefined {
  for (const [kind, { type, operation }] of Object.entries(RECORD_JOBS))
    if (job.type === type && job.operation === operation) return kind as RecordJobKind;
  return undefined;
}

/** `sheet:validate` takes only a selection (Flatfile's `sheets.validate` takes none). */
const ValidateJobConfig = RecordSelectionConfig;

/** A record job's config, parsed with core's schema for its kind (400 naming each problem under `config`). */
function parseConfig<S extends z.ZodType>(schema: S, config: unknown): z.infer<S> {
  const parsed = schema.safeParse(config ?? {});
  if (!parsed.success) throw validationError(parsed.error, "config");
  return parsed.data;
}

/** A record job's config, read back by its handler. */
export type ParsedRecordJob =
  | { kind: "deleteRecords"; sheetId: string; config: DeleteRecordsJobConfig }
  | { kind: "findReplace"; sheetId: string; config: FindAndReplaceJobConfig }
  | { kind: "mutate"; sheetId: string; config: MutateJobConfig }
  | { kind: "validate"; sheetId: string; config: RecordSelectionConfig };

/** The config of a record job, parsed with core's schemas, and the sheet it names. */
export function parseRecordJob<K extends RecordJobKind>(
  kind: K,
  config: unknown,
): Extract<ParsedRecordJob, { kind: K }> {
  return parseAny(kind, config) as Extract<ParsedRecordJob, { kind: K }>;
}

function parseAny(kind: RecordJobKind, config: unknown): ParsedRecordJob {
  switch (kind) {
    case "deleteRecords": {
      const parsed = parseConfig(DeleteRecordsJobConfig, config);
      return { kind, sheetId: parsed.sheet, config: parsed };
    }
    case "findReplace":
      return { kind, sheetId: "", config: parseConfig(FindAndReplaceJobConfig, config) };
    case "mutate": {
      const parsed = parseConfig(MutateJobConfig, config);
      return { kind, sheetId: parsed.sheetId, config: parsed };
    }
    case "validate":
      return { kind, sheetId: "", config: parseConfig(ValidateJobConfig, config) };
  }
}

/** The selection of a parsed record job, by Flatfile's rule for ids. */
export const selectionOf = (job: ParsedRecordJob): ResolvedSelection =>
  resolveRecordSelection(job.config as RecordSelectionConfig & { exceptions?: string[] });

const fieldLabel = (sheet: StoredSheet, key: string) =>
  sheet.config.fields.find((field) => field.key === key)?.label ?? key;

/** 400 naming a field the sheet does not have; `lenient` keys (search, filter) may name any key of a sheet that allows additional fields. */
function checkField(sheet: StoredSheet, key: string | undefined, path: string, lenient: boolean): void {
  if (key === undefined) return;
  if (lenient && sheet.config.allowAdditionalFields) return;
  if (!sheet.config.fields.some((field) => field.key === key))
    throw badRequest(`"${key}" is not a field of sheet ${sheet.name}`, path);
}

/** What a person reads of the job (its title, in core's `systemJobTitle`) and the snapshot's default label. */
function describe(job: ParsedRecordJob, sheet: StoredSheet, selected: number): Record<string, unknown> {
  const base = { sheetName: sheet.name, selected };
  switch (job.kind) {
    case "deleteRecords":
      return {
        ...base,
        snapshotLabel: `Before deleting ${recordsWord(selected)} from ${sheet.name}`,
      };
    case "findReplace": {
      const label = fieldLabel(sheet, job.config.fieldKey);
      const find = job.config.find ?? "";
      return {
        ...base,
        fieldLabel: label,
        find,
        replace: job.config.replace ?? "",
        snapshotLabel: `Before replacing ${String(find)} in ${label} of ${sheet.name}`,
      };
    }
    case "mutate": {
      const bulkEdit = job.config.bulkEdit;
      return bulkEdit
        ? {
            ...base,
            mutation: "bulkEdit",
            fieldLabel: fieldLabel(sheet, bulkEdit.fieldKey),
            snapshotLabel: `Before a bulk edit of ${fieldLabel(sheet, bulkEdit.fieldKey)} in ${sheet.name}`,
          }
        : { ...base, mutation: "code", snapshotLabel: `Before a mutation of ${sheet.name}` };
    }
    case "validate":
      return base;
  }
}

/**
 * What a record job may not do, whether it is created or previewed: write a read-only sheet (a token), use `q`,
 * name fields the sheet does not have, or run code without the secret key.
 */
export function checkRecordJob(sheet: StoredSheet, parsed: ParsedRecordJob, principal: Principal): void {
  requireRecordWriter(principal, { name: sheet.name, readonly: sheet.config.readonly });
  if (parsed.config.q !== undefined)
    throw badRequest(
      "q (Flatfile's query language) is not supported; select records with filter, filterField, searchValue, searchField and ids",
      "config.q",
    );
  checkField(sheet, parsed.config.searchField, "config.searchField", true);
  checkField(sheet, parsed.config.filterField, "config.filterField", true);
  if (parsed.kind === "findReplace") checkField(sheet, parsed.config.fieldKey, "config.fieldKey", false);
  if (parsed.kind === "mutate") {
    if (parsed.config.mutateRecord !== undefined) requireSecretKey(principal, "run mutateRecord code");
    checkField(sheet, parsed.config.bulkEdit?.fieldKey, "config.bulkEdit.fieldKey", false);
  }
}

const SELECTION_KEYS = ["filter", "filterField", "searchValue", "searchField", "ids", "exceptions"] as const;

/**
 * The records a job covers as its `subject`, as the dashboard names a grid selection for an action: a collection of
 * the sheet's records with the selection's own terms as its query (ids, or a filter and search with exceptions).
 */
export function selectionSubject(sheetId: string, config: Record<string, unknown>): JobSubject {
  const query = Object.fromEntries(
    SELECTION_KEYS.flatMap((key) => (config[key] === undefined ? [] : [[key, config[key]]])),
  );
  return { type: "collection", resource: "records", params: { sheetId }, query };
}

/**
 * `POST /jobs` of a record job (`RECORD_JOBS`): delete, find and replace, mutate or validate records of one sheet.
 * Its config is parsed with core's schema; the sheet must be the job's source (for a delete, a sheet of the source
 * workbook) and visible to the caller, who may write its records (a user token in its own space, not a read-only
 * sheet); `q` is refused, the fields it names must exist, and code (`mutateRecord`) is the secret key's only. The
 * platform runs it at once (`managed`, foreground), and it carries what its title needs (the selection counted now).
 */
export async function createRecordJob(
  deps: ServiceDeps,
  tx: StoreTx,
  request: JobConfig,
  kind: RecordJobKind,
  principal: Principal,
  now: string,
): Promise<Job> {
  const parsed = parseRecordJob(kind, request.config);
  const sheetId = parsed.sheetId || request.source;
  const sheet = await tx.getSheet(sheetId);
  const sheetKey =
    kind === "deleteRecords" ? "config.sheet" : kind === "mutate" ? "config.sheetId" : "source";
  if (!sheet || !canSeeSpace(principal, sheet.spaceId))
    throw badRequest(`sheet ${sheetId} not found`, sheetKey);
  if (kind === "deleteRecords" && request.source !== sheet.workbookId)
    throw badRequest(`the source of a delete is the sheet's workbook, ${sheet.workbookId}`, "source");
  if (kind !== "deleteRecords" && request.source !== sheet.id)
    throw badRequest(
      `the source of a ${kind === "mutate" ? "mutation" : "sheet job"} is its sheet, ${sheet.id}`,
      "source",
    );
  checkRecordJob(sheet, parsed, principal);
  const selected = await countSelection(tx, sheet.id, selectionOf(parsed));
  const { type, operation } = RECORD_JOBS[kind];
  return insertNewJob(
    deps,
    tx,
    {
      type,
      operation,
      source: request.source,
      config: parsed.config,
      trigger: "immediate",
      managed: true,
      mode: "foreground",
      subject: request.subject ?? selectionSubject(sheet.id, parsed.config),
      metadata: {
        ...request.metadata,
        ...describe(parsed, sheet, selected),
        // The snapshot a destructive job takes first, named now so that the caller can be told which it will be.
        ...(kind === "validate" ? {} : { snapshotId: newId("snapshot") }),
      },
    },
    { spaceId: sheet.spaceId, workbookId: sheet.workbookId, actor: principal, now },
  );
}
