import { useMutationState } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useId, useRef, useState, type CSSProperties, type KeyboardEvent } from "react";
import { flushSync } from "react-dom";
import type { CellScalar } from "../../../../core";
import type { SheetField, SheetRecord } from "../../../lib/api-types";
import type { RecordView } from "../api/records-query-options";
import { cellEditKey, useUpdateCell, type CellEdit } from "../api/use-update-cell";
import { useRecordPages } from "../api/use-record-pages";
import { isSelected, useSelectionStore } from "../selection-store";
import { cellText } from "../cell-text";
import { columnWidth } from "../column-widths";
import type { CommitMove } from "./cell-editor";
import { CellErrorTip } from "./cell-error-tip";
import { ColumnHeader } from "./column-header";
import { RecordCell } from "./record-cell";
import { errorText } from "../../../lib/error-text";
import { virtualScrollerOptions } from "../../../lib/virtual-scroller";

export const ROW_HEIGHT = 36;
export const HEADER_HEIGHT = 40;

/** A cell of the grid: row -1 is the header, column 0 the selection column. */
type Position = { row: number; col: number };

/** How many of the first rows give the columns their widths. */
const WIDTH_SAMPLE = 50;

const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(max, value));
const sameValue = (a: CellScalar | undefined, b: CellScalar | undefined) => (a ?? null) === (b ?? null);

/**
 * The records of a view as an ARIA grid. Only the rows in view are in the DOM and only their pages are read; the row
 * count comes first, so the scrollbar is right at once and a row that is still loading keeps its place. Arrow keys
 * (Home, End, Page Up/Down, Ctrl+Home/End) move between cells, one of which is in the tab order; Enter, F2 or a double
 * click edits a cell; the first column selects rows (Shift for a range), its header every matching record. Columns are
 * as wide as their type, label and first values ask; an invalid cell's messages show beside it on hover, on keyboard
 * focus and on a tap; an empty view says why, with a way back.
 */
export function RecordsTable({
  sheetId,
  fields,
  view,
  rowCount,
  locked,
  readonly,
  onSort,
  onClearSearch,
}: {
  sheetId: string;
  fields: SheetField[];
  view: RecordView;
  /** How many records the view matches. */
  rowCount: number;
  /** A toolbarBlocking job runs: the column menus are locked (cells stay editable). */
  locked: boolean;
  readonly?: boolean;
  onSort: (field: string | undefined, direction?: "asc" | "desc") => void;
  onClearSearch?: () => void;
}) {
  const gridId = useId();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The sticky header sits above the rows inside the scroller.
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
    ...virtualScrollerOptions(),
  });
  const items = virtualizer.getVirtualItems();
  const pages = useRecordPages(sheetId, view, items[0]?.index ?? 0, items.at(-1)?.index ?? -1);

  const selection = useSelectionStore((state) => state.bySheet[sheetId]);
  const viewKey = JSON.stringify(view);
  const anchor = useRef<{ index: number; viewKey: string }>(undefined);

  const [activeCell, setActive] = useState<Position>({ row: 0, col: 1 });
  const active = {
    row: clamp(activeCell.row, -1, rowCount - 1),
    col: clamp(activeCell.col, 0, fields.length),
  };
  const [editing, setEditing] = useState<Position>();
  const [saveError, setSaveError] = useState<string>();
  // The error bubble: a hovered cell's, else the focused cell's unless it came by mouse (hover shows that) or
  // Escape put it away.
  const [hovered, setHovered] = useState<Position>();
  const [focused, setFocused] = useState<Position & { tip: boolean }>();
  const pointer = useRef<string>(undefined);
  const update = useUpdateCell(sheetId);
  const saving = new Set(
    useMutationState({
      filters: { mutationKey: cellEditKey(sheetId), status: "pending" },
      select: (mutation) => {
        const edit = mutation.state.variables as CellEdit;
        return `${edit.recordId}\u0000${edit.field}`;
      },
    }),
  );

  // The active cell is the one in the tab order; when its row is scrolled away, its column's header is.
  const activeRendered = active.row < 0 || items.some((item) => item.index === active.row);
  const tabbable = (row: number, col: number) =>
    activeRendered ? row === active.row && col === active.col : row === -1 && col === active.col;

  const focusWhenRendered = (target: Position, attempt = 0) => {
    const element = scroller.current?.querySelector<HTMLElement>(
      `[data-row="${target.row}"][data-col="${target.col}"]`,
    );
    if (element) {
      element.focus();
      // Focus alone leaves a cell that is partly in view where it is (the last column cut at the grid's edge).
      element.scrollIntoView?.({ block: "nearest", inline: "nearest" });
    } else if (attempt < 20) requestAnimationFrame(() => focusWhenRendered(target, attempt + 1));
  };
  const focusCell = (position: Position) => {
    const target = { row: clamp(position.row, -1, rowCount - 1), col: clamp(position.col, 0, fields.length) };
    flushSync(() => setActive(target));
    if (target.row >= 0) virtualizer.scrollToIndex(target.row);
    focusWhenRendered(target);
  };

  const toggleRow = async (index: number, range: boolean) => {
    const record = pages.recordAt(index);
    if (!record) return;
    const selected = !isSelected(selection, record.id);
    const from = range && anchor.current?.viewKey === viewKey ? anchor.current.index : undefined;
    anchor.current = { index, viewKey };
    const { setMany } = useSelectionStore.getState();
    if (from === undefined || from === index) return setMany(sheetId, [record.id], selected);
    const records = await pages.recordsIn(from, index);
    setMany(
      sheetId,
      records.map((item) => item.id),
      selected,
    );
  };
  const allSelected = selection?.mode === "all" && selection.exceptions.size === 0;
  const someSelected = selection !== undefined && !allSelected;
  const toggleAll = () => {
    const store = useSelectionStore.getState();
    if (selection) store.clear(sheetId);
    else store.selectAll(sheetId, { filter: view.filter, searchValue: view.searchValue }, rowCount);
  };

  const editable = (field: SheetField) => !readonly && !field.readonly;
  const startEdit = (row: number, col: number) => {
    const field = fields[col - 1];
    if (!field || !editable(field) || !pages.recordAt(row)) return;
    setActive({ row, col });
    setEditing({ row, col });
  };
  const commit = (
    record: SheetRecord,
    field: SheetField,
    position: Position,
    value: CellScalar,
    move: CommitMove,
  ) => {
    setEditing(undefined);
    if (!sameValue(value, record.values[field.key]?.value)) {
      const name = field.label ?? field.key;
      update.mutate(
        { recordId: record.id, field: field.key, value },
        {
          onSuccess: () => setSaveError(undefined),
          onError: (error) =>
            setSaveError(`Could not save ${name} in row ${position.row + 1}: ${errorText(error)}`),
        },
      );
    }
    if (move === "blur") return;
    const last = fields.length;
    if (move === "next")
      focusCell(
        position.col < last ? { ...position, col: position.col + 1 } : { row: position.row + 1, col: 1 },
      );
    else if (move === "previous")
      focusCell(
        position.col > 1 ? { ...position, col: position.col - 1 } : { row: position.row - 1, col: last },
      );
    else focusCell(position);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (target.closest('[data-slot="cell-editor"]')) return;
    const cell = target.closest<HTMLElement>("[data-col]");
    if (!cell) return;
    const row = Number(cell.dataset.row);
    const col = Number(cell.dataset.col);
    const pageRows = Math.max(
      1,
      Math.floor(((scroller.current?.clientHeight ?? 0) - HEADER_HEIGHT) / ROW_HEIGHT),
    );
    const ctrl = event.ctrlKey || event.metaKey;
    let next: Position;
    switch (event.key) {
      case "ArrowUp":
        next = { row: row - 1, col };
        break;
      case "ArrowDown":
        next = { row: row + 1, col };
        break;
      case "ArrowLeft":
        next = { row, col: col - 1 };
        break;
      case "ArrowRight":
        next = { row, col: col + 1 };
        break;
      case "Home":
        next = ctrl ? { row: 0, col: 0 } : { row, col: 0 };
        break;
      case "End":
        next = ctrl ? { row: rowCount - 1, col: fields.length } : { row, col: fields.length };
        break;
      case "PageDown":
        next = { row: Math.max(0, row + pageRows), col };
        break;
      case "PageUp":
        next = { row: Math.max(0, row - pageRows), col };
        break;
      case "Enter":
      case "F2":
        if (row >= 0 && col >= 1) {
          event.preventDefault();
          startEdit(row, col);
        }
        return;
      case "Escape":
        if (focused?.tip) setFocused({ ...focused, tip: false });
        setHovered(undefined);
        return;
      case " ":
        if (row >= 0 && col === 0 && event.shiftKey) {
          event.preventDefault();
          void toggleRow(row, true);
        } else if (row >= 0 && col >= 1) {
          event.preventDefault();
        }
        return;
      default:
        return;
    }
    event.preventDefault();
    focusCell(next);
  };

  // One template and one minimum width for the header and every row, whatever their content, so columns line up;
  // long values are cut with an ellipsis and shown whole on hover. Each column is as wide as its first values ask,
  // read once per sheet and set of columns, so widths do not jump while the person scrolls, searches or edits.
  // The first column fits the checkbox and the longest row number.
  const indexWidth = `${Math.max(4.5, 2.75 + String(rowCount).length * 0.6).toFixed(2)}rem`;
  const widthKey = `${sheetId}\u0000${fields.map((field) => field.key).join("\u0000")}`;
  const [sampled, setSampled] = useState<{ key: string; widths: number[] }>();
  if (sampled?.key !== widthKey && rowCount > 0 && pages.recordAt(0)) {
    const records = Array.from({ length: Math.min(rowCount, WIDTH_SAMPLE) }, (_, i) => pages.recordAt(i));
    const loaded = records.filter((record) => record !== undefined);
    setSampled({
      key: widthKey,
      widths: fields.map((field) =>
        columnWidth(
          field,
          loaded.map((record) => cellText(field, record.values[field.key]?.value)),
        ),
      ),
    });
  }
  const widths = sampled?.key === widthKey ? sampled.widths : fields.map((field) => columnWidth(field, []));
  const columns: CSSProperties = {
    // Room beyond the widths is shared in their proportion.
    gridTemplateColumns: `${indexWidth} ${widths.map((width) => `minmax(${width}px, ${width}fr)`).join(" ")}`,
    minWidth: `calc(${indexWidth} + ${widths.reduce((sum, width) => sum + width, 0)}px)`,
  };

  const tipAt = hovered ?? (focused?.tip ? focused : undefined);
  const tipField = tipAt && fields[tipAt.col - 1];
  const tipRecord = tipAt && tipAt.row >= 0 ? pages.recordAt(tipAt.row) : undefined;
  const tipCell = tipField && tipRecord?.values[tipField.key];
  const tipMessages =
    tipAt &&
    tipCell &&
    !tipCell.valid &&
    !(editing?.row === tipAt.row && editing.col === tipAt.col) &&
    !saving.has(`${tipRecord.id}\u0000${tipField.key}`)
      ? tipCell.messages.map((item) => item.message)
      : [];

  const empty = rowCount === 0 ? emptyText(view) : undefined;
  return (
    <div className="records-grid" data-slot="records-grid">
      {saveError ? (
        <div className="grid-save-error" role="alert">
          <span>{saveError}</span>
          <button
            type="button"
            className="button"
            data-variant="ghost"
            onClick={() => setSaveError(undefined)}
          >
            Dismiss
          </button>
        </div>
      ) : null}
      {pages.error ? (
        <p className="error-text">Could not load some records: {errorText(pages.error)}</p>
      ) : null}
      <div
        ref={scroller}
        className="grid-scroller"
        role="grid"
        aria-label="Records"
        aria-rowcount={rowCount + 1}
        aria-colcount={fields.length + 1}
        aria-multiselectable="true"
        data-slot="records-table"
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-col]");
          if (!cell) return;
          const row = Number(cell.dataset.row);
          const col = Number(cell.dataset.col);
          if (row !== activeCell.row || col !== activeCell.col) setActive({ row, col });
          if (focused?.row !== row || focused.col !== col)
            setFocused({ row, col, tip: pointer.current !== "mouse" });
        }}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) setFocused(undefined);
        }}
        onPointerDown={(event) => {
          pointer.current = event.pointerType;
          // A tap on the focused cell brings back the bubble Escape put away.
          const cell = (event.target as HTMLElement).closest<HTMLElement>("[data-col]");
          if (event.pointerType !== "mouse" && focused && cell === document.activeElement)
            setFocused({ ...focused, tip: true });
        }}
        onKeyDownCapture={() => {
          pointer.current = undefined;
        }}
        onPointerOver={(event) => {
          if (event.pointerType !== "mouse") return;
          const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-slot="record-cell"]');
          const next = cell?.hasAttribute("data-invalid")
            ? { row: Number(cell.dataset.row), col: Number(cell.dataset.col) }
            : undefined;
          if (next?.row !== hovered?.row || next?.col !== hovered?.col) setHovered(next);
        }}
        onPointerLeave={() => setHovered(undefined)}
      >
        <div role="rowgroup" className="grid-head">
          <div role="row" className="grid-row" style={columns} aria-rowindex={1}>
            <div role="columnheader" className="grid-cell grid-index">
              <input
                type="checkbox"
                className="row-check"
                aria-label="Select all matching records"
                data-row={-1}
                data-col={0}
                tabIndex={tabbable(-1, 0) ? 0 : -1}
                checked={allSelected}
                ref={(input) => {
                  if (input) input.indeterminate = someSelected;
                }}
                disabled={rowCount === 0 && !selection}
                onChange={toggleAll}
              />
            </div>
            {fields.map((field, i) => (
              <ColumnHeader
                key={field.key}
                field={field}
                col={i + 1}
                tabbable={tabbable(-1, i + 1)}
                sort={view.sortField === field.key ? (view.sortDirection ?? "asc") : undefined}
                locked={locked}
                onSort={(direction) => onSort(direction ? field.key : undefined, direction)}
              />
            ))}
          </div>
        </div>
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const index = item.index;
            const record = pages.recordAt(index);
            const selected = record ? isSelected(selection, record.id) : false;
            return (
              <div
                role="row"
                // Rows are positions: a row keeps its elements (and focus) when its record arrives.
                key={index}
                className="grid-row"
                data-valid={record?.valid}
                data-selected={selected || undefined}
                aria-rowindex={index + 2}
                aria-selected={record ? selected : undefined}
                style={{
                  ...columns,
                  // As wide as the header row, so every row resolves the same column template.
                  position: "absolute",
                  top: 0,
                  left: 0,
                  width: "100%",
                  transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
                  height: ROW_HEIGHT,
                }}
              >
                <div
                  role="gridcell"
                  className="grid-cell grid-index"
                  onClick={(event) => void toggleRow(index, event.shiftKey)}
                >
                  <input
                    type="checkbox"
                    className="row-check"
                    aria-label={`Select row ${index + 1}`}
                    data-row={index}
                    data-col={0}
                    tabIndex={tabbable(index, 0) ? 0 : -1}
                    checked={selected}
                    aria-disabled={record ? undefined : true}
                    onChange={() => undefined}
                    onClick={(event) => {
                      event.stopPropagation();
                      void toggleRow(index, event.shiftKey);
                    }}
                  />
                  <span className="grid-index-number" aria-hidden="true">
                    {index + 1}
                  </span>
                </div>
                {fields.map((field, i) => {
                  const position = { row: index, col: i + 1 };
                  const isEditing = editing?.row === index && editing.col === i + 1;
                  return (
                    <RecordCell
                      key={field.key}
                      record={record}
                      field={field}
                      row={index}
                      col={i + 1}
                      tabbable={tabbable(index, i + 1)}
                      errorId={`${gridId}-error-${index}-${i + 1}`}
                      editing={isEditing && record !== undefined}
                      saving={record !== undefined && saving.has(`${record.id}\u0000${field.key}`)}
                      editable={editable(field)}
                      onStartEdit={() => startEdit(index, i + 1)}
                      onCommit={(value, move) => record && commit(record, field, position, value, move)}
                      onCancel={() => {
                        setEditing(undefined);
                        focusCell(position);
                      }}
                    />
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {empty ? (
        <div className="grid-empty" role="status" data-slot="grid-empty">
          <p>{empty}</p>
          {view.searchValue && onClearSearch ? (
            <button type="button" className="button" onClick={onClearSearch}>
              Clear search
            </button>
          ) : null}
        </div>
      ) : null}
      {tipAt && tipMessages.length ? (
        <CellErrorTip
          scroller={scroller}
          row={tipAt.row}
          col={tipAt.col}
          messages={tipMessages}
          headerHeight={HEADER_HEIGHT}
        />
      ) : null}
    </div>
  );
}

/** Why a view shows no rows: its search, its filter, or a sheet with no records at all. */
function emptyText(view: RecordView): string {
  if (view.searchValue) return `No records match “${view.searchValue}”.`;
  if (view.filter === "error") return "No records have errors.";
  if (view.filter === "valid") return "No record is valid yet.";
  return "This sheet has no records yet.";
}
