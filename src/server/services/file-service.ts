import {
  escapeDirectionControls,
  FileName,
  LIMITS,
  newId,
  paginate,
  UploadFileFields,
  type ListFilesQuery,
  type Principal,
  type SpaceFile,
  type UpdateFile,
} from "../../core";
import { ApiError, badRequest, notFound, validationError } from "../http/api-error";
import { checkJsonShape } from "../http/json-body";
import { BlobTooLargeError, type BlobStore, type StoredBlob } from "../files/blob-store";
import { extensionOf, uploadMediaType } from "../files/media-types";
import { MultipartError, multipartBoundary, parseMultipart } from "../files/multipart";
import type { StoreReader } from "../store/store";
import { canSeeSpace, requireOperator, requireSecretKey } from "./access";
import { actionEvents, makeEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";
import { createExtractJob, extractDriverFor } from "../system-jobs/extract-job-config";

/*
 * Who may do what with files (the spec's Access section, applied to files):
 * - secret key: everything;
 * - operator: every space: list, read, download, upload and delete. Upload is not in the operator's list of the spec,
 *   but the dashboard signs the local operator in, a user of one space may upload, and an operator sees every space:
 *   refusing it the one write a user has would be surprising;
 * - user: its own space: list, read, download and upload. Another space's file is a 404 (also on download), another
 *   space as an upload target is the same 400 as a space that does not exist.
 * - Deleting is for operators and the secret key: the spec gives users "upload files", not delete, and an uploaded
 *   file may already be the input of a job or a listener. A user token gets 403 (404 for another space's file).
 * - Updating a file (name, mode, actions, workbook, sheet) is the developer's, like the space's structure: secret key
 *   only; operator and user tokens get 403.
 */

/** The request of `POST /files`, as the route hands it over: headers and the unread body. */
export type UploadRequest = {
  contentType: string | undefined;
  contentLength: string | undefined;
  body: ReadableStream<Uint8Array> | null;
};

/** Form fields that may appear once. `actions` may repeat (Flatfile's client sends one JSON action per field). */
const SINGLE_FIELDS = ["spaceId", "environmentId", "mode"] as const;
const MAX_DISPLAYED_NAME = 80;

const MIB = 1024 * 1024;
const formatBytes = (bytes: number) =>
  bytes >= MIB && bytes % MIB === 0
    ? `${bytes / MIB} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`;

const fileTooLarge = (maxBytes: number) =>
  new ApiError(413, [
    { key: "file", message: `The file is larger than the limit of ${formatBytes(maxBytes)}` },
  ]);

/** `file:created|updated|deleted`: the file's name, mode, status and size, in its space's context. */
export function fileEvent(deps: ServiceDeps, file: SpaceFile, topic: string, actor: Principal, now: string) {
  return makeEvent(
    deps,
    {
      topic,
      domain: "file",
      context: {
        spaceId: file.spaceId,
        fileId: file.id,
        workbookId: file.workbookId,
        sheetId: file.sheetId,
        actorId: actor.subject,
      },
      payload: { name: file.name, mode: file.mode, status: file.status, size: file.size },
    },
    now,
  );
}

/** The `file` part as received: where its bytes went and what the part said about them. */
type ReceivedFile = { id: string; name: string; mimetype: string; encoding: string; size: number };

/** Files of a space: multipart upload (streamed to the blob store), list, get, update, delete, download. */
export class FileService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly blobs: BlobStore,
    private readonly maxFileBytes: number,
  ) {}

  #fileEvent(file: SpaceFile, topic: string, principal: Principal, now: string) {
    return fileEvent(this.deps, file, topic, principal, now);
  }

  /** The file, or 404 when there is none or this token may not see its space. */
  async #visibleFile(reader: StoreReader, id: string, principal: Principal): Promise<SpaceFile> {
    const file = await reader.getFile(id);
    if (!file || !canSeeSpace(principal, file.spaceId)) throw notFound("file", id);
    return file;
  }

  /** Validates the form fields received so far and checks that the target space exists and may be written by `principal`. */
  async #uploadTarget(reader: StoreReader, raw: Map<string, string[]>, principal: Principal) {
    const parsed = UploadFileFields.safeParse(formFields(raw));
    if (!parsed.success) throw validationError(parsed.error);
    const space = await reader.getSpace(parsed.data.spaceId);
    if (!space || !canSeeSpace(principal, space.id))
      throw badRequest(`space ${parsed.data.spaceId} not found`, "spaceId");
    return { fields: parsed.data, space };
  }

  /**
   * `POST /files`: reads the multipart body as it arrives. Text fields are collected (1 MiB in all); the `file`
   * part is checked (its name, and the fields so far when `spaceId` came first, as every client we know sends it) and
   * streamed into the blob store under the size limit. Only when the whole body is read and valid is the file's row
   * written, with `file:created`, in one transaction; any refusal removes the blob, so a refused upload leaves
   * nothing behind.
   */
  async upload(request: UploadRequest, principal: Principal): Promise<SpaceFile> {
    const boundary = multipartBoundary(request.contentType);
    if (!boundary)
      throw badRequest(
        "The body must be multipart/form-data (with a boundary), carrying the file in a `file` part",
      );
    // Fields and multipart framing get the API's ordinary body allowance on top of the file's limit.
    const maxTotalBytes = this.maxFileBytes + LIMITS.bodyBytes;
    if (request.contentLength !== undefined && Number(request.contentLength) > maxTotalBytes)
      throw fileTooLarge(this.maxFileBytes);
    if (!request.body) throw badRequest("The form has no `file` part", "file");

    const raw = new Map<string, string[]>();
    let fieldBytes = 0;
    let received: ReceivedFile | undefined;
    try {
      for await (const part of parseMultipart(request.body, boundary, { maxTotalBytes })) {
        if (part.name !== "file") {
          if (part.filename !== undefined)
            throw badRequest(
              `Unexpected file in the form field "${part.name}": send the file as \`file\``,
              part.name,
            );
          const value = await part.text(LIMITS.bodyBytes - fieldBytes);
          fieldBytes += new TextEncoder().encode(value).byteLength;
          raw.set(part.name, [...(raw.get(part.name) ?? []), value]);
          continue;
        }
        if (received)
          throw badRequest("The form has more than one `file` part: upload one file at a time", "file");
        if (part.filename === undefined) throw badRequest("The `file` part has no filename", "file");
        const name = FileName.safeParse(part.filename);
        if (!name.success) {
          const shown = escapeDirectionControls(JSON.stringify(part.filename.slice(0, MAX_DISPLAYED_NAME)));
          throw badRequest(
            `The file name ${shown} ${name.error.issues[0]?.message ?? "is not allowed"}`,
            "file",
          );
        }
        if (raw.has("spaceId")) await this.#uploadTarget(this.deps.store, raw, principal);
        const id = newId("file");
        // Set before the bytes arrive, so that a failure half-way removes the partial blob too.
        received = {
          id,
          name: name.data,
          mimetype: uploadMediaType(part.headers["content-type"], name.data),
          encoding: part.headers["content-transfer-encoding"]?.toLowerCase() || "7bit",
          size: 0,
        };
        received.size = (await this.blobs.put(id, part.body, { maxBytes: this.maxFileBytes })).size;
      }
      if (!received) throw badRequest("The form has no `file` part", "file");
    } catch (error) {
      if (received) await this.blobs.delete(received.id).catch(() => undefined);
      if (error instanceof BlobTooLargeError) throw fileTooLarge(this.maxFileBytes);
      if (error instanceof MultipartError) {
        if (error.kind === "limit") {
          throw error.limit === "total"
            ? fileTooLarge(this.maxFileBytes)
            : new ApiError(413, [{ message: error.message }]);
        }
        if (error.kind === "aborted") throw badRequest("The upload ended before the whole body arrived");
        throw badRequest(`The multipart body is malformed: ${error.message}`);
      }
      throw error;
    }

    const file = received;
    try {
      const now = this.deps.now().toISOString();
      return await this.deps.store.transaction(async (tx) => {
        const { fields, space } = await this.#uploadTarget(tx, raw, principal);
        await this.deps.quotas?.checkFileBytes(tx, space.id, file.size);
        const stored: SpaceFile = {
          id: file.id,
          spaceId: space.id,
          environmentId: space.environmentId,
          name: file.name,
          ext: extensionOf(file.name),
          mimetype: file.mimetype,
          encoding: file.encoding,
          size: file.size,
          bytesReceived: file.size,
          status: "complete",
          mode: fields.mode,
          actions: fields.actions ?? [],
          createdAt: now,
          updatedAt: now,
        };
        const driver =
          fields.mode === "import"
            ? extractDriverFor({ name: file.name, mimetype: file.mimetype })
            : undefined;
        // A file the platform extracts is `partial` until its extract job has made its workbook.
        if (driver) stored.status = "partial";
        await tx.insertFile(stored);
        await tx.appendEvent(this.#fileEvent(stored, "file:created", principal, now));
        if (driver) await createExtractJob(this.deps, tx, stored, driver, principal, now);
        return stored;
      });
    } catch (error) {
      await this.blobs.delete(file.id).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Newest first. Without `mode`, import files only, as Flatfile documents for this call ("defaults to import");
   * a user token lists its own space, and naming another space is a 404.
   */
  async list(query: ListFilesQuery, principal: Principal) {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId !== undefined && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    if (spaceId !== undefined && !(await this.deps.store.getSpace(spaceId))) throw notFound("space", spaceId);
    const { items, total } = await this.deps.store.listFiles({
      spaceId,
      mode: query.mode ?? "import",
      limit: query.pageSize,
      offset: (query.pageNumber - 1) * query.pageSize,
    });
    return { data: items, pagination: paginate(total, query.pageSize, query.pageNumber) };
  }

  get(id: string, principal: Principal): Promise<SpaceFile> {
    return this.#visibleFile(this.deps.store, id, principal);
  }

  /** `file:updated`, then `action:created|updated|deleted` for each action that changed (compared by operation). */
  async update(id: string, patch: UpdateFile, principal: Principal): Promise<SpaceFile> {
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const file = await this.#visibleFile(tx, id, principal);
      requireSecretKey(principal, "update files");
      if (patch.workbookId !== undefined) {
        const workbook = await tx.getWorkbook(patch.workbookId);
        if (!workbook || workbook.spaceId !== file.spaceId)
          throw badRequest(`workbook ${patch.workbookId} not found in the file's space`, "workbookId");
      }
      if (patch.sheetId !== undefined) {
        const sheet = await tx.getSheet(patch.sheetId);
        if (!sheet || sheet.spaceId !== file.spaceId)
          throw badRequest(`sheet ${patch.sheetId} not found in the file's space`, "sheetId");
      }
      const updated: SpaceFile = { ...file, updatedAt: now };
      if (patch.name !== undefined)
        Object.assign(updated, { name: patch.name, ext: extensionOf(patch.name) });
      if (patch.mode !== undefined) updated.mode = patch.mode;
      if (patch.description !== undefined) updated.description = patch.description;
      if (patch.actions !== undefined) updated.actions = patch.actions;
      if (patch.workbookId !== undefined) updated.workbookId = patch.workbookId;
      if (patch.sheetId !== undefined) updated.sheetId = patch.sheetId;
      await tx.updateFile(updated);
      await tx.appendEvent(this.#fileEvent(updated, "file:updated", principal, now));
      for (const event of actionEvents(
        this.deps,
        {
          domain: "file",
          resourceId: file.id,
          before: file.actions,
          after: updated.actions,
          context: { spaceId: file.spaceId, fileId: file.id },
          actor: principal,
        },
        now,
      ))
        await tx.appendEvent(event);
      return updated;
    });
  }

  /** `file:deleted`; the blob is removed once the row's deletion has committed. */
  async delete(id: string, principal: Principal): Promise<void> {
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const file = await this.#visibleFile(tx, id, principal);
      requireOperator(principal, "delete files (operators and the secret key can)");
      await tx.deleteFile(id);
      await tx.appendEvent(this.#fileEvent(file, "file:deleted", principal, now));
    });
    // A failure here leaves an orphan blob, never a row without its bytes.
    await this.blobs
      .delete(id)
      .catch((error: unknown) => console.error(`could not remove the blob of ${id}`, error));
  }

  /** The file and its bytes; 404 when it is not visible or its bytes are missing. */
  async download(id: string, principal: Principal): Promise<{ file: SpaceFile; blob: StoredBlob }> {
    const file = await this.#visibleFile(this.deps.store, id, principal);
    const blob = await this.blobs.get(file.id);
    if (!blob) throw notFound("content of file", id);
    return { file, blob };
  }
}

/**
 * The raw form fields as `UploadFileFields` reads them. `actions` arrives either as one JSON array or, from
 * Flatfile's client, as one JSON action per field; both become one JSON array.
 */
function formFields(raw: Map<string, string[]>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of SINGLE_FIELDS) {
    const values = raw.get(name);
    if (!values) continue;
    if (values.length > 1) throw badRequest("must be given once", name);
    fields[name] = values[0];
  }
  const actions = raw.get("actions");
  if (actions) {
    const list: unknown[] = [];
    for (const text of actions) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw badRequest("must be JSON: an array of actions, or one action per field", "actions");
      }
      checkJsonShape(value, "actions");
      if (Array.isArray(value)) list.push(...(value as unknown[]));
      else list.push(value);
    }
    fields.actions = JSON.stringify(list);
  }
  return fields;
}
