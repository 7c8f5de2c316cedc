import type { Edge } from "../../../../core";
import { CHOSEN } from "../plan-edit";

const LABELS = {
  absolute: "Exact match",
  strong: "Strong match",
  moderate: "Possible match",
  weak: "Weak match",
} as const;

/** How the column came to its field, in words (the colour only repeats them): a match of some certainty, or a choice. */
export function CertaintyBadge({ edge }: { edge: Edge | undefined }) {
  if (!edge) {
    return (
      <span className="certainty-badge" data-certainty="none">
        Not imported
      </span>
    );
  }
  const certainty = edge.metadata?.certainty;
  if (edge.metadata?.source === CHOSEN || !certainty) {
    return (
      <span className="certainty-badge" data-certainty="chosen">
        Your choice
      </span>
    );
  }
  return (
    <span className="certainty-badge" data-certainty={certainty}>
      {LABELS[certainty]}
    </span>
  );
}
