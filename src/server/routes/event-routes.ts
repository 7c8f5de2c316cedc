import { z } from "zod";
import { Event, ListEventsQuery } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { EventService } from "../services/event-service";
import { TOTAL_COUNT_RULE } from "../services/list-window";

/** `/events`: the log as a resource (the live stream is registered by `stream/`). */
export function registerEventRoutes(api: ApiRouter, events: EventService): void {
  api.add(
    {
      method: "get",
      path: "/events",
      tag: "Events",
      summary: "List events, oldest first",
      description: `Filters: \`spaceId\`, \`jobId\` (one job's events, its timeline), \`domain\`, \`topic\` (a glob), \`since\`, \`includeAcknowledged\`. ${TOTAL_COUNT_RULE}`,
      access: "secret key, operator; user (own space)",
      query: ListEventsQuery,
      response: z.array(Event),
      paged: true,
    },
    async ({ query, principal }) => events.list(query, principal),
  );
  api.add(
    {
      method: "get",
      path: "/events/:eventId",
      tag: "Events",
      summary: "Get an event",
      access: "secret key, operator; user (own space)",
      response: Event,
    },
    async ({ params, principal }) => ({ data: await events.get(params.eventId as string, principal) }),
  );
  api.add(
    {
      method: "post",
      path: "/events/:eventId/ack",
      tag: "Events",
      summary: "Acknowledge an event",
      access: "secret key, operator",
      response: Event,
    },
    async ({ params, principal }) => ({ data: await events.ack(params.eventId as string, principal) }),
  );
}
