import { QueryClientProvider } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { createClient } from "../../sdk";
import { useSessionStore } from "../features/auth";
import { ApiContext } from "../lib/api-context";
import { createQueryClient } from "../lib/query-client";

/** The query cache and the SDK client (same origin, the tab's token). */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(() =>
    createQueryClient(() => useSessionStore.getState().signOut("expired")),
  );
  const api = useMemo(
    () =>
      createClient({
        baseUrl: window.location.origin,
        token: () => useSessionStore.getState().session?.token,
      }),
    [],
  );
  return (
    <ApiContext value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext>
  );
}
