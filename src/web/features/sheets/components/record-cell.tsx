import type { SheetRecord } from "../../../lib/api-types";

type Cell = SheetRecord["values"][string];

const show = (value: Cell["value"]) =>
  value === undefined || value === null
    ? ""
    : typeof value === "boolean"
      ? value
        ? "true"
        : "false"
      : String(value);

/** One value; an invalid cell is marked and carries its messages in its title. */
export function RecordCell({ cell }: { cell: Cell | undefined }) {
  const invalid = cell !== undefined && !cell.valid;
  const message = cell?.messages.map((item) => item.message).join("\n");
  return (
    <div
      role="cell"
      className="grid-cell"
      data-slot="record-cell"
      data-invalid={invalid || undefined}
      title={message || undefined}
      aria-invalid={invalid || undefined}
    >
      <span className="grid-cell-value">{show(cell?.value)}</span>
      {invalid ? (
        <span className="grid-cell-flag" aria-hidden="true">
          !
        </span>
      ) : null}
      {invalid && message ? <span className="visually-hidden">. Error: {message}</span> : null}
    </div>
  );
}
