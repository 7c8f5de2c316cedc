import { useEffect, type AnchorHTMLAttributes, type MouseEvent, type Ref } from "react";
import { hrefOf, resolveTo, type To } from "./history";
import { useLocation, useNavigate } from "./hooks";
import { useRouterContext } from "./router-provider";

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  to: To;
  replace?: boolean;
  state?: unknown;
  /** Let the browser load the address anew (a new version of the app) instead of routing to it. */
  reloadDocument?: boolean;
  /**
   * Whether the page's code is fetched as the person shows they may follow the link (the pointer over it, or focus
   * on it), and its first request started as they press it (true by default): most of a route change's wait is gone
   * by the click.
   */
  preload?: boolean;
  ref?: Ref<HTMLAnchorElement>;
};

/** A plain left click, on a link meant for this tab: the router's to follow, anything else the browser's. */
const routable = (event: MouseEvent<HTMLAnchorElement>, target: string | undefined) =>
  !event.defaultPrevented &&
  event.button === 0 &&
  (!target || target === "_self") &&
  !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey);

/** An `<a>` with a real address (open in a new tab works) that the router follows on a plain click. */
export function Link({
  to,
  replace,
  state,
  reloadDocument,
  preload = true,
  onClick,
  onPointerEnter,
  onFocus,
  onPointerDown,
  target,
  ...props
}: LinkProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const { router } = useRouterContext();
  const href = hrefOf(resolveTo(to, location));
  const routed = preload && !reloadDocument && (!target || target === "_self");
  // A failed fetch is left to the navigation, which shows it.
  const preloadCode = () => void router.preload(to).catch(() => undefined);
  return (
    <a
      {...props}
      href={href}
      target={target}
      onPointerEnter={(event) => {
        onPointerEnter?.(event);
        if (routed) preloadCode();
      }}
      onFocus={(event) => {
        onFocus?.(event);
        if (routed) preloadCode();
      }}
      onPointerDown={(event) => {
        onPointerDown?.(event);
        // A press of the main button is most often followed by the click: the page's first request starts now.
        if (
          routed &&
          event.button === 0 &&
          !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
        )
          void router.preload(to, { data: true }).catch(() => undefined);
      }}
      onClick={(event) => {
        onClick?.(event);
        if (reloadDocument || !routable(event, target)) return;
        event.preventDefault();
        navigate(to, { replace, state });
      }}
    />
  );
}

/**
 * A link that knows it is where the person is (its path, or one below it): `aria-current="page"` and the class
 * `active`, as react-router's NavLink.
 */
export function NavLink({ className, ...props }: LinkProps) {
  const location = useLocation();
  const { pathname } = location;
  const target = resolveTo(props.to, location).pathname.replace(/\/$/, "").toLowerCase();
  const here = pathname.replace(/\/$/, "").toLowerCase();
  // The root's link is active on the root only.
  const active = here === target || (target !== "" && here.startsWith(`${target}/`));
  return (
    <Link
      aria-current={active ? "page" : undefined}
      {...props}
      className={[className, active ? "active" : null].filter(Boolean).join(" ") || undefined}
    />
  );
}

/** Navigates once rendered (replacing the entry with `replace`). */
export function Navigate({ to, replace, state }: { to: To; replace?: boolean; state?: unknown }) {
  const navigate = useNavigate();
  useEffect(() => {
    navigate(to, { replace, state });
  }, []);
  return null;
}
