import { isFileWorkbook } from "../../../core";
import type { Sheet, Workbook } from "../../lib/api-types";

/** The sheets an import may write to: those of the space's own workbooks, not of extracted files. */
export function destinationSheets(workbooks: readonly Workbook[]): { workbook: Workbook; sheet: Sheet }[] {
  return workbooks
    .filter((workbook) => !isFileWorkbook(workbook))
    .flatMap((workbook) => workbook.sheets.map((sheet) => ({ workbook, sheet })));
}
