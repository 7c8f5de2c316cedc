import {
  ID_PREFIXES,
  PERSON_ACTION_JOB_FIELDS,
  PERSON_SYSTEM_JOB_FIELDS,
  type IdKind,
  type JobConfig,
  type Principal,
} from "../../core";
import { badRequest } from "../http/api-error";
import type { StoreReader } from "../store/store";

/** How to find the space of a resource of each kind whose id can name one on a job. */
const SPACE_OF: Partial<Record<IdKind, (reader: StoreReader, id: string) => Promise<string | undefined>>> = {
  space: async (reader, id) => (await reader.getSpace(id))?.id,
  workbook: async (reader, id) => (await reader.getWorkbook(id))?.spaceId,
  sheet: async (reader, id) => (await reader.getSheet(id))?.spaceId,
  file: async (reader, id) => (await reader.getFile(id))?.spaceId,
  document: async (reader, id) => (await reader.getDocument(id))?.spaceId,
  snapshot: async (reader, id) => (await reader.getSnapshot(id))?.spaceId,
  job: async (reader, id) => (await reader.getJob(id))?.spaceId,
};

/** The kind an id's prefix names, among those `SPACE_OF` can look up. */
function kindOf(id: string): IdKind | undefined {
  for (const [kind, prefix] of Object.entries(ID_PREFIXES) as [IdKind, string][])
    if (id.startsWith(prefix) && SPACE_OF[kind]) return kind;
  return undefined;
}

/** The ids a job config names, each with the field that names it. */
function namedIds(config: JobConfig): [field: string, id: string][] {
  const named: [string, string][] = [["source", config.source]];
  if (config.destination !== undefined) named.push(["destination", config.destination]);
  if (config.fileId !== undefined) named.push(["fileId", config.fileId]);
  const subject = config.subject;
  if (subject?.type === "resource") named.push(["subject.id", subject.id]);
  if (subject?.type === "collection") {
    named.push(["subject.resource", subject.resource]);
    const sheetId = subject.params?.sheetId;
    if (typeof sheetId === "string") named.push(["subject.params.sheetId", sheetId]);
  }
  return named;
}

/**
 * Every resource a new job names (`source`, `destination`, `fileId`, its `subject`) must be one of the job's space:
 * a job in one space pointing at another's workbook or file would hand a listener, or the person who reads the job,
 * another space's data. An id of a kind the platform keeps that is not in the space is a 400 naming the field, worded
 * as "not found" whether it is missing or elsewhere. Ids the platform does not keep (a listener's own, an app's) pass
 * for the secret key; a person's token names only what it can see. A job with no space (the secret key's, with an
 * unknown source) has nothing to compare with.
 */
export async function checkJobReferences(
  reader: StoreReader,
  config: JobConfig,
  spaceId: string | undefined,
  principal: Principal,
): Promise<void> {
  if (spaceId === undefined) return;
  for (const [field, id] of namedIds(config)) {
    // A space job's source is its space; a collection's resource is usually a kind ("records"), not an id.
    const kind = kindOf(id);
    if (!kind) continue;
    const found = await SPACE_OF[kind]?.(reader, id);
    if (found === spaceId) continue;
    if (found === undefined && principal.kind === "secret") continue;
    throw badRequest(`${kind} ${id} not found in space ${spaceId}`, field);
  }
}

/**
 * A person's job request (a user or operator token) holds only what a person chooses (see `PERSON_ACTION_JOB_FIELDS`
 * and `PERSON_SYSTEM_JOB_FIELDS`): a 400 names the first field that belongs to a listener or to the platform.
 */
export function checkPersonJobFields(config: Record<string, unknown>, systemJob: boolean): void {
  const allowed: readonly string[] = systemJob ? PERSON_SYSTEM_JOB_FIELDS : PERSON_ACTION_JOB_FIELDS;
  for (const [field, value] of Object.entries(config)) {
    if (value === undefined || allowed.includes(field)) continue;
    throw badRequest(
      `is set by the listener or the platform, not by a ${systemJob ? "person starting this job" : "person running an action"}; leave it out`,
      field,
    );
  }
}
