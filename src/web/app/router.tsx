import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { SpaceLayout } from "../features/space/components/space-layout";
import { lazyRoute } from "./lazy-route";
import { SignedInLayout } from "./signed-in-layout";

/**
 * The dashboard's routes, built anew for each router: a router resolves a lazy route by rewriting its `lazy` object,
 * so two routers (mock mode mounts a new app for each followed link) must not share one.
 */
export const createRoutes = (): RouteObject[] => [
  {
    element: <SignedInLayout />,
    // While the first page's lazy route loads: nothing to show yet, and nothing that would jump when it arrives.
    hydrateFallbackElement: <div className="app" aria-busy="true" />,
    children: [
      { index: true, ...lazyRoute(() => import("../features/spaces/components/home-page"), "HomePage") },
      {
        path: "space/:spaceId",
        element: <SpaceLayout />,
        children: [
          {
            index: true,
            ...lazyRoute(() => import("../features/space/components/space-overview"), "SpaceOverview"),
          },
          {
            path: "workbook/:workbookId/sheet/:sheetId",
            ...lazyRoute(() => import("../features/sheets/components/sheet-page"), "SheetPage"),
          },
          {
            path: "jobs",
            ...lazyRoute(() => import("../features/jobs-table/components/jobs-page"), "JobsPage"),
          },
          {
            path: "jobs/:jobId",
            ...lazyRoute(() => import("../features/jobs/components/job-detail"), "JobDetailPage"),
          },
          {
            path: "document/:documentId",
            ...lazyRoute(() => import("../features/documents/components/document-page"), "DocumentPage"),
          },
          {
            path: "files",
            ...lazyRoute(() => import("../features/files/components/files-page"), "FilesPage"),
          },
          {
            path: "sheets/:sheetId",
            ...lazyRoute(() => import("../features/sheets/components/sheet-by-id"), "SheetByIdPage"),
          },
          {
            path: "sheets/:sheetId/snapshots",
            ...lazyRoute(() => import("../features/snapshots/components/snapshots-page"), "SnapshotsPage"),
          },
          {
            path: "sheets/:sheetId/snapshots/:snapshotId",
            ...lazyRoute(() => import("../features/snapshots/components/snapshot-page"), "SnapshotPage"),
          },
        ],
      },
      { path: "jobs", ...lazyRoute(() => import("../features/jobs-table/components/jobs-page"), "JobsPage") },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(createRoutes());
