import type { Workbook } from "../../../lib/api-types";
import { sumCounts } from "../action-scope";
import { ActionBar } from "./action-bar";

/**
 * A workbook's actions, top right of its views. Their constraints count the records of all its sheets, and a
 * `toolbarBlocking` or foreground job of the workbook or of one of its sheets disables every one of them.
 */
export function WorkbookActions({ spaceId, workbook }: { spaceId: string; workbook: Workbook }) {
  return (
    <ActionBar
      label={`Actions for ${workbook.name}`}
      actions={workbook.actions}
      scope={{
        spaceId,
        domain: "workbook",
        resourceId: workbook.id,
        blockingIds: [workbook.id, ...workbook.sheets.map((sheet) => sheet.id)],
        counts: sumCounts(workbook.sheets.map((sheet) => sheet.recordCounts)),
      }}
    />
  );
}
