import { useEffect, type AnchorHTMLAttributes, type MouseEvent, type Ref } from "react";
import { hrefOf, resolveTo, type To } from "./history";
import { useLocation, useNavigate } from "./hooks";

export type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href"> & {
  to: To;
  replace?: boolean;
  state?: unknown;
  /** Let the browser load the address anew (a new version of the app) instead of routing to it. */
  reloadDocument?: boolean;
  ref?: Ref<HTMLAnchorElement>;
};

/** A plain left click, on a link meant for this tab: the router's to follow, anything else the browser's. */
const routable = (event: MouseEvent<HTMLAnchorElement>, target: string | undefined) =>
  !event.defaultPrevented &&
  event.button === 0 &&
  (!target || target === "_self") &&
  !(event.metaKey || event.altKey || event.ctrlKey || event.shiftKey);

/** An `<a>` with a real address (open in a new tab works) that the router follows on a plain click. */
export function Link({ to, replace, state, reloadDocument, onClick, target, ...props }: LinkProps) {
  const location = useLocation();
  const navigate = useNavigate();
  const href = hrefOf(resolveTo(to, location));
  return (
    <a
      {...props}
      href={href}
      target={target}
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
