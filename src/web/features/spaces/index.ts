export { documentKeys, documentsQueryOptions } from "./api/documents-query-options";
export { fileKeys, filesQueryOptions } from "./api/files-query-options";
export { spaceKeys, spaceQueryOptions, spacesQueryOptions } from "./api/spaces-query-options";
export { workbookKeys, workbooksQueryOptions } from "./api/workbooks-query-options";
export { spaceLiveHandler } from "./api/space-live-handler";
export { spacesLiveHandler } from "./api/spaces-live-handler";
export { SpaceSwitcher } from "./components/space-switcher";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadHomePage = () => import("./components/home-page");
