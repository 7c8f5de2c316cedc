import type { ComponentType } from "react";
import type { RouteObject } from "react-router";

/**
 * A route whose page is fetched on first visit, so the first page's JavaScript holds only what it shows. Spread it
 * into a route: `{ path: "jobs", ...lazyRoute(loadXPage, "XPage") }`, where the feature's index exports
 * `loadXPage = () => import("./components/x-page")`: a literal `import()` of the page's own module, for the bundler to
 * make a chunk of it (importing the index itself would bring the feature's other exports along).
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
