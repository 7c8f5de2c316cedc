import type { FileMode } from "../../../core";
import { spacePath } from "../space/space-paths";

/** The space's files page, optionally showing one mode only. */
export const filesPath = (spaceId: string, mode?: FileMode) =>
  `${spacePath(spaceId)}/files${mode ? `?mode=${mode}` : ""}`;
