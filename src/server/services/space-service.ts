import {
  createJob,
  newId,
  paginate,
  type ListSpacesQuery,
  type Principal,
  type Space,
  type SpaceConfig,
} from "../../core";
import type { BlobStore } from "../files/blob-store";
import { notFound } from "../http/api-error";
import { canSeeSpace, requireSecretKey } from "./access";
import { jobCreatedEvents, makeEvent } from "./event-factory";
import type { ServiceDeps } from "./service-deps";

const FILE_PAGE = 1_000;

/** Spaces; creating one also creates the `space:configure` job that a listener uses to build it. */
export class SpaceService {
  constructor(
    private readonly deps: ServiceDeps,
    /** Where file bytes live, so deleting a space also removes its files' bytes. */
    private readonly blobs?: BlobStore,
  ) {}

  #spaceEvent(space: Space, topic: string, principal: Principal, now: string) {
    return makeEvent(
      this.deps,
      {
        topic,
        domain: "space",
        context: { spaceId: space.id, actorId: principal.subject },
        payload: { name: space.name },
      },
      now,
    );
  }

  async create(config: SpaceConfig, principal: Principal): Promise<Space> {
    requireSecretKey(principal, "create spaces");
    const now = this.deps.now().toISOString();
    const space: Space = {
      ...config,
      id: newId("space"),
      name: config.name ?? "Untitled space",
      environmentId: this.deps.environmentId,
      metadata: config.metadata ?? {},
      actions: config.actions ?? [],
      labels: config.labels ?? [],
      guestAuthentication: ["shared_link"],
      createdByUserId: principal.subject,
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.insertSpace(space);
      await tx.appendEvent(this.#spaceEvent(space, "space:created", principal, now));
      const { job, topics } = createJob(
        {
          type: "space",
          operation: "configure",
          source: space.id,
          trigger: "immediate",
          managed: true,
          mode: "foreground",
        },
        {
          id: newId("job"),
          now,
          environmentId: this.deps.environmentId,
          spaceId: space.id,
          createdBy: "system",
          predecessorsComplete: true,
        },
      );
      await tx.insertJob(job);
      for (const event of jobCreatedEvents(this.deps, job, topics, principal, now))
        await tx.appendEvent(event);
    });
    return space;
  }

  async get(id: string, principal: Principal): Promise<Space> {
    const space = await this.deps.store.getSpace(id);
    if (!space || !canSeeSpace(principal, space.id)) throw notFound("space", id);
    return space;
  }

  async list(query: ListSpacesQuery, principal: Principal) {
    if (principal.kind === "user") {
      const own = await this.deps.store.getSpace(principal.spaceId);
      const items = own && query.pageNumber === 1 ? [own] : [];
      return { data: items, pagination: paginate(own ? 1 : 0, query.pageSize, query.pageNumber) };
    }
    const { items, total } = await this.deps.store.listSpaces({
      environmentId: query.environmentId,
      search: query.search,
      limit: query.pageSize,
      offset: (query.pageNumber - 1) * query.pageSize,
    });
    return { data: items, pagination: paginate(total, query.pageSize, query.pageNumber) };
  }

  async update(id: string, config: SpaceConfig, principal: Principal): Promise<Space> {
    requireSecretKey(principal, "update spaces");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      const space = await tx.getSpace(id);
      if (!space) throw notFound("space", id);
      const updated: Space = { ...space, ...config, environmentId: space.environmentId, updatedAt: now };
      await tx.updateSpace(updated);
      await tx.appendEvent(this.#spaceEvent(updated, "space:updated", principal, now));
      return updated;
    });
  }

  async delete(id: string, principal: Principal): Promise<void> {
    requireSecretKey(principal, "delete spaces");
    const now = this.deps.now().toISOString();
    const fileIds = await this.deps.store.transaction(async (tx) => {
      const space = await tx.getSpace(id);
      if (!space) throw notFound("space", id);
      const ids: string[] = [];
      for (let offset = 0; ; offset += FILE_PAGE) {
        const page = await tx.listFiles({ spaceId: id, limit: FILE_PAGE, offset });
        ids.push(...page.items.map((file) => file.id));
        if (page.items.length < FILE_PAGE) break;
      }
      await tx.deleteSpace(id);
      await tx.appendEvent(this.#spaceEvent(space, "space:deleted", principal, now));
      return ids;
    });
    // The bytes go once the rows are gone; a failure leaves an orphan blob, never a row without its bytes.
    for (const fileId of fileIds) {
      await this.blobs
        ?.delete(fileId)
        .catch((error: unknown) => console.error(`could not remove the blob of ${fileId}`, error));
    }
  }
}
