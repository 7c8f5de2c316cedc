import { z } from "zod";
import { ListenerPresence, ListListenersQuery } from "../../core";
import type { ApiRouter } from "../http/api-router";
import type { ListenerPresenceTracker } from "../presence/listener-presence";

/** `/listeners`: who is connected to run jobs. */
export function registerListenerRoutes(api: ApiRouter, presence: ListenerPresenceTracker): void {
  api.add(
    {
      method: "get",
      path: "/listeners",
      tag: "Listeners",
      summary: "List the connected listeners",
      description:
        "The listeners whose event stream is open (on any instance), oldest connection first: what each announced (name, version, host, the topics and filters it handles, its concurrency), when it connected and was last seen, the executing jobs it claimed (`jobsInFlight`) and the jobs it completed or failed (`jobsHandled`). `includeDisconnected=true` adds those that disconnected in the last 10 minutes. A listener announces itself with `listener=` on `GET /events/stream`; `listener:connected` and `listener:disconnected` events follow its presence. User tokens get neither `host` nor `instance`.",
      access: "secret key, operator; user (without host and instance)",
      query: ListListenersQuery,
      response: z.array(ListenerPresence),
    },
    async ({ query, principal }) => ({ data: await presence.list(query, principal) }),
  );
}
