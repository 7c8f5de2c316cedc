import { useState } from "react";
import { RouterProvider } from "../lib/router";
import { DocumentTitle } from "./document-title";
import { createAppClients, Providers } from "./providers";
import { createRouter } from "./router";

/** The dashboard: providers around the router, whose routes prefetch through the same clients. */
export function App() {
  const [clients] = useState(createAppClients);
  const [router] = useState(() => createRouter(clients));
  return (
    <Providers clients={clients}>
      <RouterProvider router={router} />
      <DocumentTitle />
    </Providers>
  );
}
