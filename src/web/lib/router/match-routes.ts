import type { ComponentType, ReactNode } from "react";

/** A route of the dashboard's table: the subset of react-router's route objects the dashboard used. */
export type RouteObject = {
  /** Relative to the parent's path; `:name` is a parameter, a final `*` takes the rest. None: a layout route. */
  path?: string;
  index?: boolean;
  element?: ReactNode;
  /** Shown in place of this route's element when it, or a route below it without its own, fails. */
  errorElement?: ReactNode;
  /** Shown while the first location's lazy routes load. */
  hydrateFallbackElement?: ReactNode;
  /** The route's component, fetched on first visit; the router waits for it before it shows the location. */
  lazy?: {
    Component: () => Promise<ComponentType>;
    /**
     * Fetches the route's code ahead of a navigation (see Router.preload); it rejects when the code cannot be
     * fetched, and nothing is kept, so the navigation fetches again. Without it, a preload loads as a navigation does.
     */
    preload?: () => Promise<unknown>;
  };
  /**
   * Called as a navigation to this route starts (and for the first location), before its lazy component loads: a
   * page's first request starts here, beside the fetch of the page's code. The promise it may answer (settled once
   * the answer is in the page's cache) holds a navigation to a new page a moment (see createRouter).
   */
  prefetch?: (match: { params: Params; search: string }) => Promise<unknown> | void;
  children?: RouteObject[];
};

export type Params = Record<string, string | undefined>;
export type RouteMatch = { route: RouteObject; params: Params };

const segmentsOf = (path: string) => path.split("/").filter((segment) => segment !== "");

/**
 * Matches `pattern`'s segments at the start of `segments`: how many it consumed and the parameters it read, or
 * undefined. A final `*` consumes the rest (as the `*` parameter).
 */
function matchSegments(pattern: string[], segments: string[], params: Params): number | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] as string;
    if (part === "*" && i === pattern.length - 1) {
      params["*"] = segments.slice(i).join("/");
      return segments.length;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        params[part.slice(1)] = segment;
      }
    } else if (part.toLowerCase() !== segment.toLowerCase()) return undefined;
  }
  return pattern.length;
}

// react-router's ranking, so that "jobs/:jobId" wins over "*" whatever their order: static segments count most.
const scoreOf = (pattern: string[], index: boolean) =>
  pattern.reduce((score, part) => score + (part === "*" ? -2 : part.startsWith(":") ? 3 : 10), index ? 2 : 0);

type Branch = { matches: RouteMatch[]; score: number };

function branches(routes: RouteObject[], segments: string[], params: Params, score: number): Branch[] {
  const found: Branch[] = [];
  for (const route of routes) {
    const pattern = segmentsOf(route.path ?? "");
    const own: Params = { ...params };
    const consumed = matchSegments(pattern, segments, own);
    if (consumed === undefined) continue;
    const rest = segments.slice(consumed);
    const total = score + scoreOf(pattern, route.index === true);
    if (route.index) {
      if (rest.length === 0) found.push({ matches: [{ route, params: own }], score: total });
      continue;
    }
    for (const below of branches(route.children ?? [], rest, own, total)) {
      found.push({ matches: [{ route, params: own }, ...below.matches], score: below.score });
    }
    if (rest.length === 0 && (route.element !== undefined || route.lazy !== undefined)) {
      found.push({ matches: [{ route, params: own }], score: total });
    }
  }
  return found;
}

/**
 * The routes from the root to the one that shows `pathname` (the best ranked when several do), each with every
 * parameter of the whole match (as react-router gives them), or undefined when none does.
 */
export function matchRoutes(routes: RouteObject[], pathname: string): RouteMatch[] | undefined {
  let best: Branch | undefined;
  for (const branch of branches(routes, segmentsOf(pathname), {}, 0)) {
    if (!best || branch.score > best.score) best = branch;
  }
  if (!best) return undefined;
  const params = best.matches[best.matches.length - 1]?.params ?? {};
  return best.matches.map(({ route }) => ({ route, params }));
}

/** `pattern` (absolute, `/space/:spaceId/*`) against `pathname`: its parameters, or undefined. */
export function matchPath(pattern: string, pathname: string): { params: Params } | undefined {
  const params: Params = {};
  const parts = segmentsOf(pattern);
  const segments = segmentsOf(pathname);
  const consumed = matchSegments(parts, segments, params);
  return consumed === segments.length ? { params } : undefined;
}
