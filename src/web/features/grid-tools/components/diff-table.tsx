import type { CellScalar, DiffRecord } from "../../../../core";

const shown = (value: CellScalar | undefined) =>
  value === undefined || value === null || value === "" ? "(empty)" : String(value);

/** Before and after of one field in the first records a change touches. */
export function DiffTable({
  caption,
  fieldKey,
  records,
}: {
  caption: string;
  fieldKey: string;
  records: readonly DiffRecord[];
}) {
  return (
    // A long value scrolls the table sideways: the region takes focus so that a keyboard can scroll it too.
    <div className="grid-tool-diff" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => {
            const cell = record.values[fieldKey];
            return (
              <tr key={record.id}>
                <td data-empty={shown(cell?.snapshotValue) === "(empty)" || undefined}>
                  {shown(cell?.snapshotValue)}
                </td>
                <td data-empty={shown(cell?.value) === "(empty)" || undefined}>{shown(cell?.value)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
