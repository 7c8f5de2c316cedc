import {
  createBrowserHistory,
  createMemoryHistory,
  hrefOf,
  resolveTo,
  type History,
  type Location,
  type To,
} from "./history";
import { matchRoutes, type RouteMatch, type RouteObject } from "./match-routes";
import type { ComponentType } from "react";

export type RouterState = {
  location: Location;
  matches: RouteMatch[];
  /** False until the first location's lazy routes have loaded. */
  ready: boolean;
};

export type NavigateOptions = { replace?: boolean; state?: unknown };

export type Router = {
  readonly state: RouterState;
  subscribe(listener: (state: RouterState) => void): () => void;
  navigate(to: To | number, options?: NavigateOptions): void;
  /**
   * Fetches the code of the routes that show `to`, without going there; with `data`, also starts their first
   * requests (`prefetch`), as a navigation would. Rejects when some code cannot be fetched.
   */
  preload(to: To, options?: { data?: boolean }): Promise<void>;
  /** The component a lazy route loaded, once it has. */
  componentOf(route: RouteObject): ComponentType | undefined;
};

/**
 * How long a navigation to a new page waits for the page's first data (its routes' prefetch) before it shows the page
 * anyway, in its loading state: about what a person takes for an immediate answer.
 */
export const DATA_WAIT_MS = 300;

/** Resolves once every promise has settled, or after `ms`, whichever comes first; never rejects. */
function settledWithin(promises: Promise<unknown>[], ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void Promise.allSettled(promises).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * A router over `history`: it matches each location against `routes`, loads the lazy routes it needs, and only then
 * shows the location (the page stays as it was meanwhile), as react-router's data routers do; a new page also waits
 * for its first data, up to DATA_WAIT_MS. A navigation that a later one overtakes is dropped.
 */
export function createRouter(routes: RouteObject[], history: History): Router {
  const components = new WeakMap<RouteObject, ComponentType>();
  const loading = new WeakMap<RouteObject, Promise<void>>();
  const listeners = new Set<(state: RouterState) => void>();
  let navigation = 0;

  const matchesOf = (location: Location) => matchRoutes(routes, location.pathname) ?? [];
  const load = (matches: RouteMatch[]) =>
    Promise.all(
      matches.map(({ route }) => {
        const lazy = route.lazy;
        if (!lazy || components.has(route)) return undefined;
        let pending = loading.get(route);
        if (!pending) {
          pending = lazy.Component().then((component) => void components.set(route, component));
          loading.set(route, pending);
        }
        return pending;
      }),
    );
  const needsLoad = (matches: RouteMatch[]) =>
    matches.some(({ route }) => route.lazy && !components.has(route));

  const initial = matchesOf(history.location);
  let state: RouterState = { location: history.location, matches: initial, ready: !needsLoad(initial) };
  const set = (next: RouterState) => {
    state = next;
    for (const listener of listeners) listener(state);
  };

  const show = (location: Location, matches: RouteMatch[], commit?: () => void) => {
    const id = ++navigation;
    const firstData = matches.flatMap(
      ({ route, params }) => route.prefetch?.({ params, search: location.search }) ?? [],
    );
    const done = () => {
      if (id !== navigation) return;
      commit?.();
      set({ location, matches, ready: true });
    };
    // A new page also waits for its first data (a moment at most): it then shows once, with it, rather than its
    // loading state first, whose render held the answer back on the main thread, then the data. A change of the
    // search only (a page's filters) shows at once: the page keeps its rows while the new ones load.
    const waitsForData = firstData.length > 0 && location.pathname !== state.location.pathname;
    if (!needsLoad(matches) && !waitsForData) return done();
    // A lazy route that fails to load is shown failing by its own route (lazy-route.ts answers an error card).
    void Promise.all([load(matches), waitsForData ? settledWithin(firstData, DATA_WAIT_MS) : undefined]).then(
      done,
      done,
    );
  };

  if (state.ready)
    for (const { route, params } of initial) route.prefetch?.({ params, search: state.location.search });
  else show(state.location, initial);
  history.listen((location) => show(location, matchesOf(location)));

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    navigate(to, options = {}) {
      if (typeof to === "number") return history.go(to);
      const location = resolveTo(to, state.location, options.state ?? null);
      const replace =
        options.replace ??
        // Following a link to where one already is does not add an entry (as react-router does).
        hrefOf(location) === hrefOf(state.location);
      show(location, matchesOf(location), () =>
        replace ? history.replace(location) : history.push(location),
      );
    },
    async preload(to, { data = false } = {}) {
      const location = resolveTo(to, state.location);
      const matches = matchesOf(location);
      if (data)
        for (const { route, params } of matches) route.prefetch?.({ params, search: location.search });
      await Promise.all(
        matches.map(({ route }) =>
          route.lazy && !components.has(route) ? route.lazy.preload?.() : undefined,
        ),
      );
      if (matches.some(({ route }) => route.lazy && !route.lazy.preload)) await load(matches);
    },
    componentOf: (route) => components.get(route),
  };
}

export const createBrowserRouter = (routes: RouteObject[]) => createRouter(routes, createBrowserHistory());

export const createMemoryRouter = (
  routes: RouteObject[],
  { initialEntries }: { initialEntries?: string[] } = {},
) => createRouter(routes, createMemoryHistory(initialEntries));
