import type { RecordCounts } from "../../../core";

/** The resources an action can be mounted on; the job's `type` is the domain (`workbook:export`). */
export type ActionDomain = "workbook" | "sheet" | "document" | "file";

/** Where a set of actions is mounted, and what decides whether they can run. */
export type ActionScope = {
  spaceId: string;
  domain: ActionDomain;
  /** The resource the actions are mounted on: the job's `source`. */
  resourceId: string;
  /** The resources whose `toolbarBlocking` or `foreground` job disables these actions (a workbook and its sheets, a sheet and its workbook). */
  blockingIds: readonly string[];
  /** The counts of the records the actions work on, for `hasData` and `hasAllValid`; unknown when absent. */
  counts?: RecordCounts;
};

/** The counts of several sheets together (a workbook's); undefined when none is known. */
export function sumCounts(list: readonly (RecordCounts | undefined)[]): RecordCounts | undefined {
  const known = list.filter((counts): counts is RecordCounts => counts !== undefined);
  if (known.length === 0) return undefined;
  return known.reduce((sum, counts) => ({
    total: sum.total + counts.total,
    valid: sum.valid + counts.valid,
    error: sum.error + counts.error,
  }));
}
