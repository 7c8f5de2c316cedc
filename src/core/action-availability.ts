import type { Action } from "./schemas/action";
import type { RecordCounts } from "./schemas/sheet";

/** What an action's availability depends on: the records it would work on and the user's selection. */
export type ActionContext = {
  /** Counts of the records the action works on (its sheet's, or all of its workbook's sheets'); unknown when absent. */
  counts?: RecordCounts;
  /** How many records the user has selected (sheet actions). */
  selected?: number;
};

/**
 * Why an action cannot run now, in words for the person who clicked it, or undefined when it can. An `error` message
 * on the action disables it; its constraints need a selection (`hasSelection`), some records (`hasData`) or every
 * record valid (`hasAllValid`). The dashboard shows the reason on the disabled button and the server refuses a job
 * for such an action with the same words, so the two never disagree.
 */
export function actionDisabledReason(action: Action, context: ActionContext): string | undefined {
  const error = action.messages?.find((message) => message.type === "error");
  if (error) return error.content;
  for (const constraint of action.constraints ?? []) {
    switch (constraint.type) {
      case "hasSelection":
        if (!context.selected) return "Select at least one record first";
        break;
      case "hasData":
        if (context.counts && context.counts.total === 0) return "There are no records yet";
        break;
      case "hasAllValid":
        if (context.counts && context.counts.error > 0) {
          const n = context.counts.error;
          return `Fix the ${n} record${n === 1 ? "" : "s"} with errors first`;
        }
        break;
    }
  }
  return undefined;
}
