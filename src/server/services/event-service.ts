import { paginate, type Event, type ListEventsQuery, type Principal } from "../../core";
import { notFound } from "../http/api-error";
import { canSeeSpace, requireOperator } from "./access";
import { listWindow } from "./list-window";
import type { ServiceDeps } from "./service-deps";

/** The event log as a resource: list, get and acknowledge. The live stream is in `stream/`. */
export class EventService {
  constructor(private readonly deps: ServiceDeps) {}

  async list(query: ListEventsQuery, principal: Principal) {
    let spaceId = query.spaceId;
    if (principal.kind === "user") {
      if (spaceId && spaceId !== principal.spaceId) throw notFound("space", spaceId);
      spaceId = principal.spaceId;
    }
    const { items, total } = await this.deps.store.listEvents({
      ...query,
      spaceId,
      // Stores compare ISO strings, so "+02:00" offsets and missing milliseconds are normalised to the stored form.
      since: query.since === undefined ? undefined : new Date(query.since).toISOString(),
      ...listWindow(query),
    });
    return { data: items, pagination: paginate(total, query.pageSize, query.pageNumber) };
  }

  async get(id: string, principal: Principal): Promise<Event> {
    const event = await this.deps.store.getEvent(id);
    if (!event || !canSeeSpace(principal, event.context.spaceId)) throw notFound("event", id);
    return event;
  }

  /** Marks an event handled; idempotent (the first time is kept). */
  async ack(id: string, principal: Principal): Promise<Event> {
    requireOperator(principal, "acknowledge events");
    const now = this.deps.now().toISOString();
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.getEvent(id))) throw notFound("event", id);
      await tx.ackEvent(id, now);
      return (await tx.getEvent(id)) as Event;
    });
  }
}
