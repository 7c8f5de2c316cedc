import { createElement, type ComponentType } from "react";
import type { RouteObject } from "../lib/router";
import { ErrorCard, RouteError } from "./route-error";

/**
 * A route whose page is fetched on first visit, so the first page's JavaScript holds only what it shows. Spread it
 * into a route: `{ path: "jobs", ...lazyRoute(loadXPage, "XPage") }`, where the feature's index exports
 * `loadXPage = () => import("./components/x-page")`: a literal `import()` of the page's own module, for the bundler to
 * make a chunk of it (importing the index itself would bring the feature's other exports along). A page that fails,
 * or whose chunk cannot be fetched (offline, or renamed by a deploy), shows the error card in its place, under the
 * header and the space's sidebar.
 */
export function lazyRoute<M, K extends keyof M>(
  load: () => Promise<M>,
  exportName: K,
): Pick<RouteObject, "lazy" | "errorElement"> {
  return {
    errorElement: createElement(RouteError),
    lazy: {
      Component: async () => {
        try {
          return (await load())[exportName] as ComponentType;
        } catch (error) {
          // The page's chunk could not be fetched (offline, or renamed by a deploy): the card takes the page's place,
          // under the header and the sidebar, and Reload fetches the app anew.
          return () => createElement(ErrorCard, { error });
        }
      },
      // Ahead of a visit a failure is not shown, and not kept: the visit fetches again.
      preload: load,
    },
  };
}
