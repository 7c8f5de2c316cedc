import type { Sheet, Workbook } from "../../lib/api-types";

/** The label of the workbook the platform extracts a file into. */
export const FILE_WORKBOOK_LABEL = "file";

export const isFileWorkbook = (workbook: Pick<Workbook, "labels">) =>
  workbook.labels.includes(FILE_WORKBOOK_LABEL);

/** The sheets an import may write to: those of the space's own workbooks, not of extracted files. */
export function destinationSheets(workbooks: readonly Workbook[]): { workbook: Workbook; sheet: Sheet }[] {
  return workbooks
    .filter((workbook) => !isFileWorkbook(workbook))
    .flatMap((workbook) => workbook.sheets.map((sheet) => ({ workbook, sheet })));
}
