import { z } from "zod";
import { IsoDateTime, LIMITS, PageQuery, ResourceId } from "./common";
import { Action } from "./action";
import { fileNameProblem } from "../file-name-safety";

export const FileMode = z.enum(["import", "export"]).meta({ id: "FileMode" });
export type FileMode = z.infer<typeof FileMode>;

export const FileStatus = z.enum(["partial", "complete", "archived", "failed"]);

/** Default upper bound of one uploaded file (configurable with MAX_FILE_BYTES). */
export const DEFAULT_MAX_FILE_BYTES = 100 * 1024 * 1024;

// Path separators and control characters.
// eslint-disable-next-line no-control-regex
const NOT_IN_FILE_NAMES = /[/\\\u0000-\u001f\u007f]/;

/**
 * A file name as stored and offered for download: no path separators, no control characters, no leading dots
 * (so "../../etc/passwd" or ".env" cannot be smuggled through a name), no direction controls that disguise its
 * extension and no Windows device name (see `fileNameProblem`).
 */
export const FileName = z
  .string()
  .min(1)
  .max(LIMITS.name)
  .refine(
    (name) => !NOT_IN_FILE_NAMES.test(name) && !name.startsWith("."),
    "must be a plain file name, without path or leading dot",
  )
  .superRefine((name, ctx) => {
    const problem = fileNameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

export const SpaceFile = z
  .object({
    id: z.string(),
    spaceId: z.string(),
    environmentId: z.string(),
    name: z.string(),
    ext: z.string(),
    mimetype: z.string(),
    encoding: z.string(),
    size: z.number().int(),
    bytesReceived: z.number().int(),
    status: FileStatus,
    mode: FileMode,
    description: z.string().optional(),
    workbookId: z.string().optional(),
    sheetId: z.string().optional(),
    actions: z.array(Action),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  })
  .meta({ id: "File" });
export type SpaceFile = z.infer<typeof SpaceFile>;

/** The form fields of `POST /files` (multipart/form-data, with the bytes in `file`). */
export const UploadFileFields = z.object({
  spaceId: ResourceId,
  environmentId: ResourceId.optional(),
  mode: FileMode.default("import"),
  /** JSON array of actions mounted on the file. */
  actions: z
    .string()
    .max(100_000)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "must be a JSON array of actions" });
        return z.NEVER;
      }
    })
    .pipe(z.array(Action).max(50))
    .optional(),
});

/** `PATCH /files/{id}`. */
export const UpdateFile = z
  .object({
    name: FileName.optional(),
    mode: FileMode.optional(),
    description: z.string().max(LIMITS.info).optional(),
    actions: z.array(Action).max(50).optional(),
    workbookId: ResourceId.optional(),
    sheetId: ResourceId.optional(),
  })
  .meta({ id: "UpdateFile" });
export type UpdateFile = z.infer<typeof UpdateFile>;

export const ListFilesQuery = PageQuery.extend({ spaceId: ResourceId.optional(), mode: FileMode.optional() });
export type ListFilesQuery = z.infer<typeof ListFilesQuery>;

/** How long a signed download link stays valid, in seconds. */
export const DOWNLOAD_LINK_SECONDS = 5 * 60;

/**
 * `POST /files/{id}/download-link`: a short-lived same-origin URL that downloads the file without an Authorization
 * header, so a browser can follow it as a plain link (a real download with the file's name, no bytes through script
 * memory). Our addition to Flatfile's API.
 */
export const DownloadLink = z
  .object({
    /** A path on this server (`/v1/files/{id}/download?signature=...`). */
    url: z.string(),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: "DownloadLink" });
export type DownloadLink = z.infer<typeof DownloadLink>;
