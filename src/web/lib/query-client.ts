import { QueryCache, QueryClient } from "@tanstack/react-query";
import { AuthError } from "../../sdk";

/**
 * Server state lives here only. Queries do not refetch on their own while the event stream is live: events patch or
 * invalidate them (see features/live); while it is down, the live hook polls slowly. `onUnauthorized` runs when the
 * API refuses the tab's token (app/ signs the person out).
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
