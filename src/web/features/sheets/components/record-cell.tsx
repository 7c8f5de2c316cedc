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

/** One value (whole in its title, since a long one is cut); an invalid cell is marked and its title adds the messages. */
export function RecordCell({ cell }: { cell: Cell | undefined }) {
  const invalid = cell !== undefined && !cell.valid;
  const message = cell?.messages.map((item) => item.message).join("\n");
  const text = show(cell?.value);
  const title = [text, message].filter(Boolean).join("\n");
  return (
    <div
      role="cell"
      className="grid-cell"
      data-slot="record-cell"
      data-invalid={invalid || undefined}
      title={title || undefined}
      aria-invalid={invalid || undefined}
    >
      <span className="grid-cell-value">{text}</span>
      {invalid ? (
        <span className="grid-cell-flag" aria-hidden="true">
          !
        </span>
      ) : null}
      {invalid && message ? <span className="visually-hidden">. Error: {message}</span> : null}
    </div>
  );
}
