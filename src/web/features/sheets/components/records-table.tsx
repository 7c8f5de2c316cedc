import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type CSSProperties } from "react";
import type { SheetField, SheetRecord } from "../../../lib/api-types";
import { RecordCell } from "./record-cell";

const ROW_HEIGHT = 36;

/** The sheet's records, read-only; only the rows in view are in the DOM. */
export function RecordsTable({ fields, records }: { fields: SheetField[]; records: SheetRecord[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: records.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  // One template and one minimum width for the header and every row, whatever their content, so columns line up;
  // long values are cut with an ellipsis and shown whole on hover.
  const columns: CSSProperties = {
    gridTemplateColumns: `4rem repeat(${fields.length}, minmax(10rem, 1fr))`,
    minWidth: `calc(4rem + ${fields.length} * 10rem)`,
  };
  return (
    <div
      ref={scroller}
      className="grid-scroller"
      role="table"
      aria-label="Records"
      aria-rowcount={records.length + 1}
      tabIndex={0}
      data-slot="records-table"
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" className="grid-row" style={columns} aria-rowindex={1}>
          <div role="columnheader" className="grid-cell grid-index">
            #
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
          const record = records[item.index];
          if (!record) return null;
          return (
            <div
              role="row"
              key={record.id}
              className="grid-row"
              data-valid={record.valid}
              aria-rowindex={item.index + 2}
              style={{
                ...columns,
                // As wide as the header row, so every row resolves the same column template.
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
              {fields.map((field) => (
                <RecordCell key={field.key} cell={record.values[field.key]} />
              ))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
