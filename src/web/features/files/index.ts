// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadFilesPage = () => import("./components/files-page");
