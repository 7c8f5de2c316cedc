import { z } from "zod";
import { DocumentConfig, DocumentUpdate, SpaceDocument } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { DocumentService } from "../services/document-service";

const STRUCTURE = "secret key (operator and user tokens: 403)";
const READ = "secret key, operator; user (own space)";

/** `/spaces/{spaceId}/documents` as `@flatfile/api`'s documents client calls them. */
export function registerDocumentRoutes(api: ApiRouter, documents: DocumentService): void {
  api.add(
    {
      method: "get",
      path: "/spaces/:spaceId/documents",
      tag: "Documents",
      summary: "List a space's documents",
      access: READ,
      response: z.array(SpaceDocument),
    },
    async ({ params, principal }) => ({ data: await documents.list(params.spaceId as string, principal) }),
  );
  api.add(
    {
      method: "post",
      path: "/spaces/:spaceId/documents",
      tag: "Documents",
      summary: "Create a document",
      description: "The space must exist (400 with key `spaceId`). Publishes `document:created`.",
      access: STRUCTURE,
      body: DocumentConfig,
      response: SpaceDocument,
    },
    async ({ params, body, principal }) => ({
      data: await documents.create(params.spaceId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "get",
      path: "/spaces/:spaceId/documents/:documentId",
      tag: "Documents",
      summary: "Get a document",
      access: READ,
      response: SpaceDocument,
    },
    async ({ params, principal }) => ({
      data: await documents.get(params.spaceId as string, params.documentId as string, principal),
    }),
  );
  api.add(
    {
      method: "patch",
      path: "/spaces/:spaceId/documents/:documentId",
      tag: "Documents",
      summary: "Update a document",
      description: "Publishes `document:updated`, and `action:created|updated|deleted` for changed actions.",
      access: STRUCTURE,
      body: DocumentUpdate,
      response: SpaceDocument,
    },
    async ({ params, body, principal }) => ({
      data: await documents.update(params.spaceId as string, params.documentId as string, body, principal),
    }),
  );
  api.add(
    {
      method: "delete",
      path: "/spaces/:spaceId/documents/:documentId",
      tag: "Documents",
      summary: "Delete a document",
      description: "Publishes `document:deleted`.",
      access: STRUCTURE,
    },
    async ({ params, principal }) => {
      await documents.delete(params.spaceId as string, params.documentId as string, principal);
      return { data: { success: true } };
    },
  );
}
