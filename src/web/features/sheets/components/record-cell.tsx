import type { CellScalar } from "../../../../core";
import type { SheetField, SheetRecord } from "../../../lib/api-types";
import { CellEditor, type CommitMove } from "./cell-editor";

type Cell = SheetRecord["values"][string];

const show = (field: SheetField, value: Cell["value"]) => {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (field.type === "enum") {
    const option = field.config?.options?.find((item) => item.value === value);
    if (option?.label) return option.label;
  }
  return String(value);
};

/**
 * One cell of the grid (a grid cell the arrow keys reach): the value (whole in its title, since a long one is cut),
 * marked when the server found it invalid, with the messages in the title and for screen readers; a placeholder
 * of the same size while its row loads; the editor while it is edited.
 */
export function RecordCell({
  record,
  field,
  row,
  col,
  tabbable,
  editing,
  saving,
  editable,
  onStartEdit,
  onCommit,
  onCancel,
}: {
  record: SheetRecord | undefined;
  field: SheetField;
  row: number;
  col: number;
  tabbable: boolean;
  editing: boolean;
  saving: boolean;
  editable: boolean;
  onStartEdit: () => void;
  onCommit: (value: CellScalar, move: CommitMove) => void;
  onCancel: () => void;
}) {
  const name = field.label ?? field.key;
  if (!record) {
    return (
      <div
        role="gridcell"
        className="grid-cell grid-cell-loading"
        data-row={row}
        data-col={col}
        tabIndex={tabbable ? 0 : -1}
        aria-busy="true"
      >
        <span className="grid-skeleton" aria-hidden="true" />
      </div>
    );
  }
  const cell = record.values[field.key];
  const invalid = cell !== undefined && !cell.valid && !saving;
  const message = cell?.messages.map((item) => item.message).join("\n");
  const text = show(field, cell?.value);
  const title = [text, message].filter(Boolean).join("\n");
  return (
    <div
      role="gridcell"
      className="grid-cell"
      data-slot="record-cell"
      data-row={row}
      data-col={col}
      data-type={field.type}
      data-invalid={invalid || undefined}
      data-saving={saving || undefined}
      data-editing={editing || undefined}
      title={editing ? undefined : title || undefined}
      aria-invalid={invalid || undefined}
      aria-readonly={editable ? undefined : true}
      tabIndex={editing ? -1 : tabbable ? 0 : -1}
      onDoubleClick={editable && !editing ? onStartEdit : undefined}
    >
      {editing ? (
        <CellEditor
          field={field}
          value={cell?.value}
          label={`${name}, row ${row + 1}`}
          onCommit={onCommit}
          onCancel={onCancel}
        />
      ) : (
        <>
          <span className="grid-cell-value">{text}</span>
          {saving ? <span className="visually-hidden">. Saving</span> : null}
          {invalid ? (
            <span className="grid-cell-flag" aria-hidden="true">
              !
            </span>
          ) : null}
          {invalid && message ? <span className="visually-hidden">. Error: {message}</span> : null}
        </>
      )}
    </div>
  );
}
