import { ChangeMarker } from "./change-marker";

/** What the colours and symbols of the snapshot view mean. */
export function DiffLegend() {
  return (
    <div role="group" aria-label="Legend" className="snapshot-legend">
      <dl>
        <div>
          <dt>
            <ChangeMarker kind="added" />
          </dt>
          <dd>in the sheet now, not in the snapshot</dd>
        </div>
        <div>
          <dt>
            <ChangeMarker kind="removed" />
          </dt>
          <dd>in the snapshot, gone from the sheet</dd>
        </div>
        <div>
          <dt>
            <ChangeMarker kind="changed" />
          </dt>
          <dd>
            <span className="snapshot-old">old</span> <span aria-hidden="true">→</span>
            <span className="visually-hidden">became</span> <span className="snapshot-new">new</span> value
          </dd>
        </div>
      </dl>
    </div>
  );
}
