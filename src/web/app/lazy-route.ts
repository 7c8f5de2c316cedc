import type { ComponentType } from "react";
import type { RouteObject } from "react-router";

/**
 * A route whose page is fetched on first visit, so the first page's JavaScript holds only what it shows. Spread it
 * into a route: `{ path: "jobs", ...lazyRoute(() => import("../features/x/components/x-page"), "XPage") }`. The
 * import must stay a literal `import()` here, in the router, for the bundler to make a chunk of it.
 */
export function lazyRoute<M, K extends keyof M>(
  load: () => Promise<M>,
  exportName: K,
): Pick<RouteObject, "lazy"> {
  return {
    lazy: {
      Component: async () => (await load())[exportName] as ComponentType,
    },
  };
}
