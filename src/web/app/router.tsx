import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { SpaceLayout } from "../features/space/components/space-layout";
import { lazyRoute } from "./lazy-route";
import { SignedInLayout } from "./signed-in-layout";

export const routes: RouteObject[] = [
  {
    element: <SignedInLayout />,
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

export const createRouter = () => createBrowserRouter(routes);
