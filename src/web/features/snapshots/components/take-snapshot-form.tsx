import { useId } from "react";
import { Link } from "../../../lib/router";
import { Button } from "../../../components/ui/button";
import { useTakeSnapshot } from "../api/use-take-snapshot";
import { errorText } from "../error-text";
import { snapshotPath } from "../../../lib/paths";
import { recordsText, snapshotTitle } from "../snapshot-text";
import "../snapshots.css";

/** An optional label and "Take snapshot"; says what was saved, with a link to it. */
export function TakeSnapshotForm({ spaceId, sheetId }: { spaceId: string; sheetId: string }) {
  const take = useTakeSnapshot(sheetId);
  const labelId = useId();
  return (
    <form
      className="snapshot-take"
      onSubmit={(event) => {
        event.preventDefault();
        const form = event.currentTarget;
        const label = String(new FormData(form).get("label") ?? "").trim();
        if (!take.isPending) take.mutate(label, { onSuccess: () => form.reset() });
      }}
    >
      <div className="snapshot-take-row">
        <label htmlFor={labelId}>Label (optional)</label>
        <input
          id={labelId}
          name="label"
          className="snapshot-input"
          maxLength={255}
          placeholder="Before the import"
        />
        <Button
          type="submit"
          variant="primary"
          className="snapshot-restore"
          aria-disabled={take.isPending || undefined}
        >
          {take.isPending ? "Taking snapshot…" : "Take snapshot"}
        </Button>
      </div>
      <p className="snapshot-take-result" role="status">
        {take.isSuccess ? (
          <>
            Saved {recordsText(take.data.recordCount)} as{" "}
            <Link to={snapshotPath(spaceId, sheetId, take.data.id)}>{snapshotTitle(take.data)}</Link>.
          </>
        ) : null}
      </p>
      {take.isError ? (
        <p className="notice" role="alert">
          Could not take a snapshot: {errorText(take.error)}
        </p>
      ) : null}
    </form>
  );
}
