import {
  newId,
  type DocumentConfig,
  type DocumentUpdate,
  type Principal,
  type SpaceDocument,
} from "../../core";
import { badRequest, notFound } from "../http/api-error";
import type { StoreReader } from "../store/store";
import { canSeeSpace, requireStructureWriter } from "./access";
import { actionEvents, makeEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

/**
 * Documents of a space (`/spaces/{spaceId}/documents`): markdown pages with actions. Creating, updating and deleting
 * them is the developer's (secret key); each change publishes `document:created|updated|deleted`, and an update that
 * changes `actions[]` also `action:created|updated|deleted`.
 */
export class DocumentService {
  constructor(private readonly deps: ServiceDeps) {}

  #event(document: SpaceDocument, topic: string, principal: Principal, now: string) {
    return makeEvent(
      this.deps,
      {
        topic,
        domain: "document",
        context: { spaceId: document.spaceId, documentId: document.id, actorId: principal.subject },
        payload: { documentId: document.id, title: document.title },
      },
      now,
    );
  }

  /** The space of a read: missing or not visible to the token is 404. */
  async #visibleSpace(reader: StoreReader, spaceId: string, principal: Principal): Promise<void> {
    if (!canSeeSpace(principal, spaceId) || !(await reader.getSpace(spaceId)))
      throw notFound("space", spaceId);
  }

  async #visibleDocument(
    reader: StoreReader,
    spaceId: string,
    id: string,
    principal: Principal,
  ): Promise<SpaceDocument> {
    const document = await reader.getDocument(id);
    if (!document || document.spaceId !== spaceId || !canSeeSpace(principal, document.spaceId))
      throw notFound("document", id);
    return document;
  }

  async list(spaceId: string, principal: Principal): Promise<SpaceDocument[]> {
    await this.#visibleSpace(this.deps.store, spaceId, principal);
    return this.deps.store.listDocuments(spaceId);
  }

  async get(spaceId: string, id: string, principal: Principal): Promise<SpaceDocument> {
    return this.#visibleDocument(this.deps.store, spaceId, id, principal);
  }

  async create(spaceId: string, config: DocumentConfig, principal: Principal): Promise<SpaceDocument> {
    requireStructureWriter(principal, "create documents");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getSpace(spaceId))) throw badRequest(`space ${spaceId} not found`, "spaceId");
      const document: SpaceDocument = {
        id: newId("document"),
        spaceId,
        environmentId: this.deps.environmentId,
        title: config.title,
        body: config.body,
        treatments: config.treatments ?? [],
        actions: config.actions ?? [],
        createdAt: now,
        updatedAt: now,
      };
      await tx.insertDocument(document);
      await tx.appendEvent(this.#event(document, "document:created", principal, now));
      return document;
    });
  }

  async update(
    spaceId: string,
    id: string,
    update: DocumentUpdate,
    principal: Principal,
  ): Promise<SpaceDocument> {
    requireStructureWriter(principal, "update documents");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const old = await this.#visibleDocument(tx, spaceId, id, principal);
      const document: SpaceDocument = { ...old, ...update, updatedAt: now };
      await tx.updateDocument(document);
      await tx.appendEvent(this.#event(document, "document:updated", principal, now));
      if (update.actions) {
        const events = actionEvents(
          this.deps,
          {
            domain: "document",
            resourceId: document.id,
            before: old.actions,
            after: document.actions,
            context: { spaceId: document.spaceId, documentId: document.id },
            actor: principal,
          },
          now,
        );
        for (const event of events) await tx.appendEvent(event);
      }
      return document;
    });
  }

  async delete(spaceId: string, id: string, principal: Principal): Promise<void> {
    requireStructureWriter(principal, "delete documents");
    const now = this.deps.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const document = await this.#visibleDocument(tx, spaceId, id, principal);
      await tx.deleteDocument(document.id);
      await tx.appendEvent(this.#event(document, "document:deleted", principal, now));
    });
  }
}
