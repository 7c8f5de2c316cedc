import {
  Component,
  createContext,
  startTransition,
  useContext,
  useLayoutEffect,
  useState,
  type ErrorInfo,
  type ReactNode,
} from "react";
import type { Router, RouterState } from "./create-router";
import type { RouteMatch } from "./match-routes";

export const RouterContext = createContext<{ router: Router; state: RouterState } | null>(null);
/** The matched routes and the depth of the route being rendered, for `<Outlet />`. */
const OutletContext = createContext<{ matches: RouteMatch[]; depth: number }>({ matches: [], depth: -1 });
export const RouteErrorContext = createContext<unknown>(undefined);

export function useRouterContext() {
  const context = useContext(RouterContext);
  if (!context) throw new Error("Router hooks need a <RouterProvider>");
  return context;
}

/** Renders the router's location; each change is a transition, so a page that suspends keeps the last one shown. */
export function RouterProvider({ router }: { router: Router }) {
  const [state, setState] = useState(router.state);
  useLayoutEffect(() => {
    const unsubscribe = router.subscribe((next) => startTransition(() => setState(next)));
    // A change between the render and this effect.
    if (router.state !== state) setState(router.state);
    return unsubscribe;
  }, [router]);
  let content: ReactNode;
  if (!state.ready) {
    content =
      state.matches.find(({ route }) => route.hydrateFallbackElement)?.route.hydrateFallbackElement ?? null;
  } else {
    content = <RouteAt matches={state.matches} depth={0} locationKey={state.location.key} />;
  }
  return <RouterContext.Provider value={{ router, state }}>{content}</RouterContext.Provider>;
}

function RouteAt({
  matches,
  depth,
  locationKey,
}: {
  matches: RouteMatch[];
  depth: number;
  locationKey: string;
}) {
  const { router } = useRouterContext();
  const match = matches[depth];
  if (!match) return null;
  const { route } = match;
  const Lazy = router.componentOf(route);
  const element = route.element ?? (Lazy ? <Lazy /> : null);
  const inner = <OutletContext.Provider value={{ matches, depth }}>{element}</OutletContext.Provider>;
  if (route.errorElement === undefined) return inner;
  return (
    <RouteErrorBoundary fallback={route.errorElement} locationKey={locationKey}>
      {inner}
    </RouteErrorBoundary>
  );
}

/** Where a layout route shows the route below it. */
export function Outlet() {
  const { matches, depth } = useContext(OutletContext);
  const { state } = useRouterContext();
  return <RouteAt matches={matches} depth={depth + 1} locationKey={state.location.key} />;
}

type BoundaryProps = { fallback: ReactNode; locationKey: string; children: ReactNode };
type BoundaryState = { error: unknown; failed: boolean; locationKey: string };

/** A route's error element in place of its page when the page throws; a navigation elsewhere clears it. */
class RouteErrorBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { error: undefined, failed: false, locationKey: this.props.locationKey };

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.locationKey === state.locationKey
      ? null
      : { error: undefined, failed: false, locationKey: props.locationKey };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    // As react-router does: the card shows the person what failed, the console keeps the trace.
    console.error(error, info.componentStack);
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <RouteErrorContext.Provider value={this.state.error}>{this.props.fallback}</RouteErrorContext.Provider>
    );
  }
}
