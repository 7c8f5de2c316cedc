import { useCallback, useContext, useMemo, useSyncExternalStore } from "react";
import type { NavigateOptions } from "./create-router";
import type { Location, To } from "./history";
import { matchPath, type Params } from "./match-routes";
import { RouteErrorContext, useRouterContext } from "./router-provider";

export const useLocation = (): Location => useRouterContext().state.location;

/** Every parameter of the current match, wherever the component is. */
export const useParams = (): Params => useRouterContext().state.matches.at(-1)?.params ?? {};

/** A stable function that navigates (or moves through the history by a number of entries). */
export function useNavigate(): (to: To | number, options?: NavigateOptions) => void {
  const { router } = useRouterContext();
  return useCallback((to, options) => router.navigate(to, options), [router]);
}

/** `pattern` (absolute) against the current path: its parameters, or null. */
export function useMatch(pattern: string): { params: Params } | null {
  const { pathname } = useLocation();
  return useMemo(() => matchPath(pattern, pathname) ?? null, [pattern, pathname]);
}

export const useRouteError = (): unknown => useContext(RouteErrorContext);

type SearchInit = URLSearchParams | string | Record<string, string>;

/**
 * The query as `URLSearchParams`, and a setter that navigates to the same path with a new query (a function gets the
 * newest parameters of the path, those of a navigation not rendered yet included).
 */
export function useSearchParams(): [
  URLSearchParams,
  (next: SearchInit | ((current: URLSearchParams) => SearchInit), options?: NavigateOptions) => void,
] {
  const { router, state } = useRouterContext();
  const { search, pathname } = state.location;
  const params = useMemo(() => new URLSearchParams(search), [search]);
  const set = useCallback(
    (next: SearchInit | ((current: URLSearchParams) => SearchInit), options?: NavigateOptions) => {
      // The newest query of this path, a change the page has not rendered yet included: two quick changes (two
      // checkboxes while the first one's render waits) both count.
      const latest = router.state.location.pathname === pathname ? router.state.location.search : search;
      const value = new URLSearchParams(
        typeof next === "function" ? next(new URLSearchParams(latest)) : next,
      );
      const query = value.toString();
      router.navigate({ pathname, search: query ? `?${query}` : "" }, options);
    },
    [router, pathname, search],
  );
  return [params, set];
}

/**
 * The query of the location the router is at, updated at once rather than in the transition that renders the page
 * there: for the controls that set it, which then show a change as soon as it is made while the page catches up (a
 * checkbox that went back until a long table had been filtered looked as if the click had not taken).
 */
export function useSearchParamsNow(): URLSearchParams {
  const { router, state } = useRouterContext();
  const rendered = state.location;
  const search = useSyncExternalStore(router.subscribe, () =>
    router.state.location.pathname === rendered.pathname ? router.state.location.search : rendered.search,
  );
  return useMemo(() => new URLSearchParams(search), [search]);
}
