export { fileJobsQueryOptions, useFileExtraction, type Extraction } from "./api/use-file-extraction";
export { useUploads, type Upload } from "./api/use-uploads";
export { ExtractedFileActionsContext } from "./extracted-file-actions-context";
export { UploadList } from "./components/upload-list";
export { useFileDrop } from "./components/use-file-drop";

// Pages for app/router.tsx, each fetched on first visit (see app/lazy-route.ts).
export const loadFilesPage = () => import("./components/files-page");
