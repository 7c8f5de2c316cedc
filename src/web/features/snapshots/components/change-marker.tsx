import type { ChangeKind } from "../snapshot-rows";

export const CHANGE_LABELS: Record<Exclude<ChangeKind, "same">, string> = {
  added: "Added",
  removed: "Removed",
  changed: "Changed",
};

const SYMBOLS: Record<Exclude<ChangeKind, "same">, string> = { added: "+", removed: "−", changed: "~" };

/** A symbol and a word ("+ Added"): what the row's colour means, in text too. */
export function ChangeMarker({ kind }: { kind: Exclude<ChangeKind, "same"> }) {
  return (
    <span className="snapshot-marker" data-change={kind}>
      <span className="snapshot-marker-symbol" aria-hidden="true">
        {SYMBOLS[kind]}
      </span>
      {CHANGE_LABELS[kind]}
    </span>
  );
}
