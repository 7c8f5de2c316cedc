import type { SheetField } from "../../../lib/api-types";
import type { DiffRow } from "../snapshot-rows";
import { cellText } from "../snapshot-text";

const Value = ({ text, className }: { text: string; className: string }) =>
  text ? (
    <span className={className}>{text}</span>
  ) : (
    <span className={`${className} snapshot-empty`}>empty</span>
  );

/**
 * One value of the snapshot view. A changed value shows the old one struck through, an arrow and the new one; a
 * screen reader hears "changed from <old> to <new>", so the change does not rest on colour alone.
 */
export function DiffCell({ row, field }: { row: DiffRow; field: SheetField }) {
  const text = cellText(row.values, field);
  if (row.kind === "changed" && row.changedFields?.has(field.key)) {
    const old = cellText(row.before, field);
    return (
      <div
        role="cell"
        className="grid-cell snapshot-cell"
        data-changed=""
        title={`${old || "empty"} → ${text || "empty"}`}
      >
        <span className="visually-hidden">changed from </span>
        <Value text={old} className="snapshot-old" />
        <span className="snapshot-arrow" aria-hidden="true">
          →
        </span>
        <span className="visually-hidden"> to </span>
        <Value text={text} className="snapshot-new" />
      </div>
    );
  }
  return (
    <div role="cell" className="grid-cell snapshot-cell" title={text || undefined}>
      <span className="grid-cell-value">{text}</span>
    </div>
  );
}
