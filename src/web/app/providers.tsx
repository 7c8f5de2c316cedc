import { QueryClientProvider } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { createApiClient, responsesAsSent } from "../../sdk";
import { useSessionStore } from "../features/auth";
import { ApiContext } from "../lib/api-context";
import { createQueryClient } from "../lib/query-client";

/**
 * The query cache and the SDK client (same origin, the tab's token). The client takes the server's answers as sent:
 * the server builds them with core's schemas, and checking them again would load zod and every schema with the
 * first page. Forms still check what they send with core's schemas, loaded with their dialogs.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() =>
    createQueryClient(() => useSessionStore.getState().signOut("expired")),
  );
  const api = useMemo(
    () =>
      createApiClient(
        { baseUrl: window.location.origin, token: () => useSessionStore.getState().session?.token },
        responsesAsSent,
      ),
    [],
  );
  return (
    <ApiContext value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext>
  );
}
