import type { Sheet } from "../../lib/api-types";
import type { RecordMatch } from "../sheets";

/** The sheet a grid tool works on: its workbook (a delete's job runs on it) and the records the grid shows. */
export type ToolTarget = {
  workbookId: string;
  sheet: Sheet;
  /** The view's filter and search: what "the records shown" means. */
  view: RecordMatch;
};
