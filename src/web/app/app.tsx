import { useState } from "react";
import { RouterProvider } from "../lib/router";
import { DocumentTitle } from "./document-title";
import { Providers } from "./providers";
import { createRouter } from "./router";

/** The dashboard: providers around the router. */
export function App() {
  const [router] = useState(createRouter);
  return (
    <Providers>
      <RouterProvider router={router} />
      <DocumentTitle />
    </Providers>
  );
}
