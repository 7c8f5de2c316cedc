import { QueryCache, QueryClient } from "@tanstack/react-query";
import { AuthError } from "../../sdk";
import { useSessionStore } from "../features/auth/session-store";

/**
 * Server state lives here only. Queries do not refetch on their own while the event stream is live: events patch or
 * invalidate them (see features/live); while it is down, the live hook polls slowly.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof AuthError && error.status === 401) useSessionStore.getState().signOut("expired");
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
