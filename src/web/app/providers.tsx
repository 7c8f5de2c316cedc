import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { createApiClient, responsesAsSent, type ApiClient } from "../../sdk";
import { useSessionStore } from "../features/auth";
import { ApiContext } from "../lib/api-context";
import { createQueryClient } from "../lib/query-client";

/** The query cache and the SDK client: what the pages read through, and the routes' prefetches too. */
export type AppClients = { queryClient: QueryClient; api: ApiClient };

/**
 * The query cache and the SDK client (same origin, the tab's token). The client takes the server's answers as sent:
 * the server builds them with core's schemas, and checking them again would load zod and every schema with the
 * first page. Forms still check what they send with core's schemas, loaded with their dialogs.
 */
export function createAppClients(): AppClients {
  return {
    queryClient: createQueryClient(() => useSessionStore.getState().signOut("expired")),
    api: createApiClient(
      { baseUrl: window.location.origin, token: () => useSessionStore.getState().session?.token },
      responsesAsSent,
    ),
  };
}

/** Provides `clients` (new ones when none are given) to the pages. */
export function Providers({ children, clients }: { children: ReactNode; clients?: AppClients }) {
  const [{ queryClient, api }] = useState(() => clients ?? createAppClients());
  return (
    <ApiContext value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext>
  );
}
