import { createContext, type ComponentType } from "react";
import type { SpaceFile } from "../../../core";

/**
 * What an extracted file's row offers besides opening its data: "Import into…" is drawn by the imports feature, which
 * builds on this one (it uploads and watches extractions through it), so app/ hands its component down here; without
 * one, the row shows none.
 */
export const ExtractedFileActionsContext = createContext<
  ComponentType<{ spaceId: string; file: SpaceFile; workbookId: string; sheetId: string }> | undefined
>(undefined);
