export { importsLiveHandler } from "./api/imports-live-handler";
export { ImportFileButton } from "./components/import-file-button";
export { ImportIntoButton, ImportExtractedFile } from "./components/import-into-button";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadMappingPage = () => import("./components/mapping-page");
