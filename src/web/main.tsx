import { config } from "zod";

// The page's Content-Security-Policy allows no eval. Zod compiles object parsers with `new Function` when it may, and
// its probe of whether it may is itself reported as a violation; it decides when a schema is built, so it is told
// before any is: the dashboard (and with it every schema) is loaded only after this line.
config({ jitless: true });
void import("./start").then(({ startDashboard }) => startDashboard());
