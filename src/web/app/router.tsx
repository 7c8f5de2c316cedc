import { createBrowserRouter, Navigate, type RouteObject } from "../lib/router";
import { loadDocumentPage } from "../features/documents";
import { loadFilesPage } from "../features/files";
import { loadMappingPage } from "../features/imports";
import { loadJobsPage, prefetchJobsTable } from "../features/jobs-table";
import { loadListenersPage } from "../features/listeners";
import { loadMetricsPage } from "../features/metrics";
import { loadSheetByIdPage } from "../features/sheets";
import { loadSnapshotPage, loadSnapshotsPage } from "../features/snapshots";
import { SpaceLayout, loadSheetPage, loadSpaceOverview } from "../features/space";
import { loadHomePage } from "../features/spaces";
import { loadJobDetailRoute } from "./job-detail-route";
import { lazyRoute } from "./lazy-route";
import type { AppClients } from "./providers";
import { RouteError } from "./route-error";
import { SignedInLayout } from "./signed-in-layout";

/**
 * The jobs table's first request, started as the navigation starts, beside the fetch of the page's code (the page
 * then finds it in the query cache). A failure is left to the page's own query.
 */
const prefetchTable =
  (clients: AppClients): RouteObject["prefetch"] =>
  ({ params, search }) => {
    try {
      return prefetchJobsTable(clients, params.spaceId, search);
    } catch {
      // Whatever went wrong, the navigation goes on: the page's own query asks, and shows a failure.
    }
  };

/**
 * The dashboard's routes (lib/router), built anew for each router, so that each app (mock mode mounts a new one for
 * each followed link) holds its own elements; with `clients`, the routes that can start their page's first request
 * early do.
 */
export const createRoutes = (clients?: AppClients): RouteObject[] => [
  {
    element: <SignedInLayout />,
    errorElement: <RouteError whole />,
    // While the first page's lazy route loads: nothing to show yet, and nothing that would jump when it arrives.
    hydrateFallbackElement: <div className="app" aria-busy="true" />,
    children: [
      { index: true, ...lazyRoute(loadHomePage, "HomePage") },
      {
        path: "space/:spaceId",
        element: <SpaceLayout />,
        errorElement: <RouteError />,
        children: [
          {
            index: true,
            ...lazyRoute(loadSpaceOverview, "SpaceOverview"),
          },
          {
            path: "workbook/:workbookId/sheet/:sheetId",
            ...lazyRoute(loadSheetPage, "SheetPage"),
          },
          {
            path: "jobs",
            ...lazyRoute(loadJobsPage, "JobsPage"),
            prefetch: clients && prefetchTable(clients),
          },
          {
            path: "jobs/:jobId",
            ...lazyRoute(loadJobDetailRoute, "JobDetailPage"),
          },
          {
            path: "document/:documentId",
            ...lazyRoute(loadDocumentPage, "DocumentPage"),
          },
          {
            path: "files",
            ...lazyRoute(loadFilesPage, "FilesPage"),
          },
          {
            path: "imports/:jobId",
            ...lazyRoute(loadMappingPage, "MappingPage"),
          },
          {
            path: "sheets/:sheetId",
            ...lazyRoute(loadSheetByIdPage, "SheetByIdPage"),
          },
          {
            path: "sheets/:sheetId/snapshots",
            ...lazyRoute(loadSnapshotsPage, "SnapshotsPage"),
          },
          {
            path: "sheets/:sheetId/snapshots/:snapshotId",
            ...lazyRoute(loadSnapshotPage, "SnapshotPage"),
          },
        ],
      },
      {
        path: "jobs",
        ...lazyRoute(loadJobsPage, "JobsPage"),
        prefetch: clients && prefetchTable(clients),
      },
      { path: "listeners", ...lazyRoute(loadListenersPage, "ListenersPage") },
      { path: "jobs/metrics", ...lazyRoute(loadMetricsPage, "MetricsPage") },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
];

export const createRouter = (clients: AppClients) => createBrowserRouter(createRoutes(clients));
