import { config } from "zod";
// Neither module uses zod: they run before the dashboard is loaded below.
import { takeTokenFromLocation } from "./features/auth/session";
import { applyTheme, useThemeStore } from "./features/theme/theme-store";

// The page's Content-Security-Policy allows no eval. Zod compiles object parsers with `new Function` when it may, and
// its probe of whether it may is itself reported as a violation; it decides when a schema is built, so it is told
// before any is: the dashboard (and with it every schema) is loaded only after this line.
config({ jitless: true });
// What must not wait for the dashboard's code: the token leaves the address bar at once, and the page is painted in
// the person's theme from the start.
takeTokenFromLocation(window.location, window.sessionStorage, (url) =>
  window.history.replaceState(window.history.state, "", url),
);
applyTheme(useThemeStore.getState().theme);
void import("./start").then(({ startDashboard }) => startDashboard());
