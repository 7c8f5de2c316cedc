export { createBrowserRouter, createMemoryRouter, createRouter, type Router } from "./create-router";
export { type Location, type To } from "./history";
export {
  useLocation,
  useMatch,
  useNavigate,
  useParams,
  useRouteError,
  useSearchParams,
  useSearchParamsNow,
} from "./hooks";
export { Link, Navigate, NavLink, type LinkProps } from "./links";
export { usePreloadWhenIdle } from "./preload-when-idle";
export { type RouteObject } from "./match-routes";
export { Outlet, RouterProvider } from "./router-provider";
