import { createBrowserRouter, Navigate, type RouteObject } from "react-router";
import { HomePage } from "../features/spaces/components/home-page";
import { SheetPage } from "../features/sheets/components/sheet-page";
import { SpaceLayout } from "../features/space/components/space-layout";
import { SpaceOverview } from "../features/space/components/space-overview";
import { SignedInLayout } from "./signed-in-layout";

export const routes: RouteObject[] = [
  {
    element: <SignedInLayout />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: "space/:spaceId",
        element: <SpaceLayout />,
        children: [
          { index: true, element: <SpaceOverview /> },
          { path: "workbook/:workbookId/sheet/:sheetId", element: <SheetPage /> },
        ],
      },
      { path: "*", element: <Navigate to="/" replace /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
