import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type CSSProperties } from "react";
import type { SheetField } from "../../../lib/api-types";
import { virtualScrollerOptions } from "../../../lib/virtual-scroller";
import type { DiffRow } from "../snapshot-rows";
import { ChangeMarker } from "./change-marker";
import { DiffCell } from "./diff-cell";

const ROW_HEIGHT = 36;
/** Ask for the next page while this many loaded rows are still below the view. */
const READ_AHEAD = 40;

/**
 * The snapshot's records with the changes since marked, read-only; only the rows in view are in the DOM. `rowCount`
 * is the number of rows once every page is read (for `aria-rowcount`); `onNearEnd` asks for more as the end nears.
 */
export function SnapshotDiffTable({
  fields,
  rows,
  rowCount,
  onNearEnd,
}: {
  fields: SheetField[];
  rows: DiffRow[];
  rowCount: number;
  onNearEnd?: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    ...virtualScrollerOptions(),
    onChange: (instance) => {
      const last = instance.getVirtualItems().at(-1);
      if (onNearEnd && last && last.index >= rows.length - READ_AHEAD) onNearEnd();
    },
  });
  // One template and one minimum width for the header and every row, so the columns line up.
  const columns: CSSProperties = {
    gridTemplateColumns: `3.5rem 7.5rem repeat(${fields.length}, minmax(10rem, 1fr))`,
    minWidth: `calc(11rem + ${fields.length} * 10rem)`,
  };
  return (
    <div
      ref={scroller}
      className="grid-scroller snapshot-grid"
      role="table"
      aria-label="Records of the snapshot, with the changes since"
      aria-rowcount={rowCount + 1}
      tabIndex={0}
      data-slot="snapshot-diff-table"
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" className="grid-row" style={columns} aria-rowindex={1}>
          <div role="columnheader" className="grid-cell grid-index">
            #
          </div>
          <div role="columnheader" className="grid-cell">
            Change
          </div>
          {fields.map((field) => (
            <div role="columnheader" className="grid-cell" key={field.key}>
              {field.label ?? field.key}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              role="row"
              key={`${row.kind}-${row.id}`}
              className="grid-row snapshot-row"
              data-change={row.kind}
              aria-rowindex={item.index + 2}
              style={{
                ...columns,
                position: "absolute",
                top: 0,
                left: 0,
                width: "100%",
                transform: `translateY(${item.start}px)`,
                height: ROW_HEIGHT,
              }}
            >
              <div role="cell" className="grid-cell grid-index">
                {item.index + 1}
              </div>
              <div role="cell" className="grid-cell snapshot-change">
                {row.kind === "same" ? (
                  <span className="visually-hidden">Unchanged</span>
                ) : (
                  <ChangeMarker kind={row.kind} />
                )}
              </div>
              {fields.map((field) => (
                <DiffCell key={field.key} row={row} field={field} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
