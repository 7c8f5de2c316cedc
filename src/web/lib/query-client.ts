import { QueryCache, QueryClient } from "@tanstack/react-query";
import { AuthError } from "../../sdk";

/**
 * Server state lives here only. Queries do not refetch on their own while the event stream is live
 * (`staleTime: Infinity`): each feature's live-event handler (in its `api/` folder, listed in app/live-handlers.ts)
 * patches or invalidates that feature's queries. A query that no handler covers is never read again, so a feature
 * that adds a query of a new resource adds its handler too. While the stream is down, the live hook polls slowly. `onUnauthorized` runs when the API
 * refuses the tab's token (app/ signs the person out).
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof AuthError && error.status === 401) onUnauthorized();
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        refetchOnWindowFocus: false,
        retry: (count, error) => !(error instanceof AuthError) && count < 2,
      },
    },
  });
}
