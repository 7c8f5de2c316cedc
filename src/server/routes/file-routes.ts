import { z } from "zod";
import {
  DOWNLOAD_LINK_SECONDS,
  DownloadLink,
  ListFilesQuery,
  SpaceFile,
  UpdateFile,
  UploadFileFields,
} from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { TokenAuthority } from "../http/auth";
import { attachmentDisposition, OCTET_STREAM, validMediaType } from "../files/media-types";
import type { FileService } from "../services/file-service";

/** `/files`: multipart upload into a space, list by space and mode, get, update, delete, download. */
export function registerFileRoutes(
  api: ApiRouter,
  files: FileService,
  tokens: TokenAuthority,
  limits: { maxFileBytes: number },
): void {
  api.add(
    {
      method: "get",
      path: "/files",
      tag: "Files",
      summary: "List files",
      description:
        "Newest first. Filters by `spaceId` and `mode`; without `mode`, import files only (as Flatfile does).",
      access: "secret key, operator; user (own space)",
      query: ListFilesQuery,
      response: z.array(SpaceFile),
      paged: true,
    },
    async ({ query, principal }) => files.list(query, principal),
  );
  api.add(
    {
      method: "post",
      path: "/files",
      tag: "Files",
      summary: "Upload a file into a space",
      description: [
        "A `multipart/form-data` body with the text fields `spaceId` (required), `environmentId`, `mode`",
        "(import|export, default import) and `actions` (a JSON array, or one JSON action per field), and the file",
        `in the part \`file\`, whose filename must be a plain name (no path, no leading dot). The file is streamed to`,
        `storage; over ${Math.round(limits.maxFileBytes / 1024)} KiB it is refused with 413 and nothing is stored.`,
        "Returns the file with status `complete` and publishes `file:created`.",
      ].join(" "),
      access: "secret key, operator; user (own space)",
      multipart: { fields: UploadFileFields, file: "file" },
      response: SpaceFile,
    },
    async ({ c, principal }) => ({
      data: await files.upload(
        {
          contentType: c.req.header("content-type"),
          contentLength: c.req.header("content-length"),
          body: c.req.raw.body,
        },
        principal,
      ),
    }),
  );
  api.add(
    {
      method: "get",
      path: "/files/:fileId",
      tag: "Files",
      summary: "Get a file",
      access: "secret key, operator; user (own space)",
      response: SpaceFile,
    },
    async ({ params, principal }) => ({ data: await files.get(params.fileId as string, principal) }),
  );
  api.add(
    {
      method: "patch",
      path: "/files/:fileId",
      tag: "Files",
      summary: "Update a file",
      description:
        "Publishes `file:updated`, and `action:created|updated|deleted` for each action that changed (by operation).",
      access: "secret key",
      body: UpdateFile,
      response: SpaceFile,
    },
    async ({ params, body, principal }) => ({
      data: await files.update(params.fileId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "delete",
      path: "/files/:fileId",
      tag: "Files",
      summary: "Delete a file and its bytes",
      description: "Publishes `file:deleted`.",
      access: "secret key, operator",
    },
    async ({ params, principal }) => {
      await files.delete(params.fileId as string, principal);
      return { data: { success: true } };
    },
  );
  api.add(
    {
      method: "get",
      path: "/files/:fileId/download",
      tag: "Files",
      summary: "Download a file's bytes",
      description:
        "Streams the bytes with the stored `Content-Type`, `Content-Length` and `Content-Disposition: attachment` " +
        "(an ASCII `filename` and the exact name as UTF-8 in `filename*`).",
      access:
        "secret key, operator; user (own space); or a `signature` from `POST /files/{id}/download-link`",
      produces: OCTET_STREAM,
      signable: true,
    },
    async ({ params, principal }) => {
      const { file, blob } = await files.download(params.fileId as string, principal);
      return new Response(blob.stream, {
        headers: {
          "content-type": validMediaType(file.mimetype) ?? OCTET_STREAM,
          "content-length": String(blob.size),
          "content-disposition": attachmentDisposition(file.name),
          // The bytes are whatever was uploaded: never let a browser sniff them into HTML or run them on this origin.
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
          "cache-control": "private, no-store",
        },
      });
    },
  );
  api.add(
    {
      method: "post",
      path: "/files/:fileId/download-link",
      tag: "Files",
      summary: "Get a short-lived download link",
      description:
        `A same-origin URL that downloads the file without an Authorization header for ${DOWNLOAD_LINK_SECONDS / 60} ` +
        "minutes, with the caller's rights (a browser follows it as a plain link and saves the file under its name). " +
        "Our addition to Flatfile's API.",
      access: "secret key, operator; user (own space)",
      bodyOptional: true,
      body: z.object({}).strict(),
      response: DownloadLink,
    },
    async ({ c, params, principal }) => {
      // The same access check as the download itself: a file the caller cannot see gets no link.
      await files.get(params.fileId as string, principal);
      const path = new URL(c.req.url).pathname.replace(/\/download-link$/, "/download");
      const { signature, expiresAt } = await tokens.signPath(path, principal, DOWNLOAD_LINK_SECONDS);
      return { data: { url: `${path}?signature=${encodeURIComponent(signature)}`, expiresAt } };
    },
  );
}
