import type { CellScalar } from "../../../../core";
import type { SheetField, SheetRecord } from "../../../lib/api-types";
import { cellText } from "../cell-text";
import { CellEditor, type CommitMove } from "./cell-editor";

/**
 * One cell of the grid (a grid cell the arrow keys reach): the value (whole in its title, since a long one is cut),
 * marked when the server found it invalid, with the messages as its accessible description (the grid shows them in a
 * bubble, cell-error-tip.tsx); a placeholder of the same size while its row loads; the editor while it is edited.
 */
export function RecordCell({
  record,
  field,
  row,
  col,
  tabbable,
  errorId,
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
  /** The id of the element that holds an invalid cell's messages (its description). */
  errorId: string;
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
  const text = cellText(field, cell?.value);
  const described = invalid && Boolean(message) && !editing;
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
      // An invalid cell's bubble says more than a title could, and two tips at once would cover each other.
      title={editing || invalid ? undefined : text || undefined}
      aria-invalid={invalid || undefined}
      aria-describedby={described ? errorId : undefined}
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
          {described ? (
            <span id={errorId} hidden>
              {message}
            </span>
          ) : null}
        </>
      )}
    </div>
  );
}
