export { SpaceLayout } from "./components/space-layout";
export { SpaceNavMenu } from "./components/space-nav-menu";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadSpaceOverview = () => import("./components/space-overview");
export const loadSheetPage = () => import("./components/sheet-page");
