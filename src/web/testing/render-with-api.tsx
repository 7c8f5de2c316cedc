import { render, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { createMemoryRouter, RouterProvider } from "../lib/router";
import { Providers, type AppClients } from "../app/providers";
import { decodeToken, useSessionStore } from "../features/auth";

/**
 * Renders `ui` signed in with `token`, inside the app's providers (query cache, SDK client) and a router at `url`
 * whose route `path` holds the element, so `useParams` works as in the app; `clients` are the app's own when given.
 */
export function renderWithApi(
  ui: ReactNode,
  {
    token,
    path = "/",
    url = "/",
    clients,
  }: { token: string; path?: string; url?: string; clients?: AppClients },
): RenderResult {
  const session = decodeToken(token);
  if (!session) throw new Error("renderWithApi needs a dashboard token");
  useSessionStore.setState({ session, reason: undefined });
  const router = createMemoryRouter([{ path, element: ui }], { initialEntries: [url] });
  return render(
    <Providers clients={clients}>
      <RouterProvider router={router} />
    </Providers>,
  );
}
