import { countOf } from "../../../../core";
import { useMutation } from "@tanstack/react-query";
import { useId } from "react";
import { Link } from "../../../lib/router";
import { Button } from "../../../components/ui/button";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { sheetByIdPath } from "../../../lib/paths";
import { useMapping } from "../api/use-mapping";
import { isConfident } from "../plan-edit";
import { MappingEditor } from "./mapping-editor";
import { errorText } from "../../../lib/error-text";

const rowsText = (rows: number) => countOf(rows, "row");

/**
 * One import's mapping and its start: a plan the matcher is sure of says so and can be run at once; any change is
 * checked and saved as it is made; "Import N rows" executes the job, whose run then shows like any job's.
 */
export function MappingPanel({
  spaceId,
  jobId,
  onStarted,
}: {
  spaceId: string;
  jobId: string;
  /** The job was executed: its run shows on the destination sheet. */
  onStarted: (job: Job, destinationSheetId: string) => void;
}) {
  const api = useApi();
  const mapping = useMapping(spaceId, jobId);
  const { job, plan, destinationSheet, sourceSheet, issues, save } = mapping;
  const issuesId = useId();
  const execute = useMutation({
    mutationFn: () => api.jobs.execute(jobId),
    onSuccess: (started) => {
      if (destinationSheet) onStarted(started, destinationSheet.id);
    },
  });

  if (mapping.planQuery.isError) {
    return (
      <p className="error-text" role="alert">
        Could not load this import: {errorText(mapping.planQuery.error)}
      </p>
    );
  }
  if (mapping.workbooksQuery.isError) {
    return (
      <p className="error-text" role="alert">
        Could not load the sheets: {errorText(mapping.workbooksQuery.error)}
      </p>
    );
  }
  if (!job || !plan || !destinationSheet || !sourceSheet) {
    return (
      <p className="muted mapping-loading" aria-busy="true">
        Loading the mapping…
      </p>
    );
  }
  const rows = typeof job.metadata.sourceRows === "number" ? job.metadata.sourceRows : undefined;
  const confident = issues.length === 0 && isConfident(plan, mapping.destinationFields);
  const started = job.status !== "planning" || execute.isSuccess;
  const saving = save.isPending;
  const blocked = issues.length > 0 || save.isError || saving || execute.isPending || started;
  return (
    <div className="mapping-panel">
      <p className="mapping-summary">
        {rows === undefined ? "The rows" : rowsText(rows)} of <strong>{sourceSheet.name}</strong> into{" "}
        <Link to={sheetByIdPath(spaceId, destinationSheet.id)}>{destinationSheet.name}</Link>
      </p>
      {confident ? (
        <p className="mapping-confident" data-slot="mapping-confident">
          Every required field of {destinationSheet.name} has a sure match. Check the columns below, or import
          now.
        </p>
      ) : null}
      <div className="mapping-actions">
        <Button
          variant="primary"
          className="mapping-run"
          disabled={blocked}
          aria-describedby={issues.length ? issuesId : undefined}
          onClick={() => execute.mutate()}
        >
          {execute.isPending ? "Starting…" : `Import ${rows === undefined ? "rows" : rowsText(rows)}`}
        </Button>
        <p className="mapping-save-state muted" role="status">
          {saving ? "Saving the mapping…" : save.isSuccess ? "Mapping saved" : ""}
        </p>
      </div>
      {started && !execute.isPending ? (
        <p className="muted">
          This import has started: follow it in the jobs panel, or{" "}
          <Link to={sheetByIdPath(spaceId, destinationSheet.id)}>open {destinationSheet.name}</Link>.
        </p>
      ) : null}
      <div id={issuesId} role="alert" className="mapping-issues">
        {issues.length ? (
          <>
            <p className="error-text">This mapping cannot be imported yet:</p>
            <ul>
              {issues.map((issue) => (
                <li key={issue.key} className="error-text">
                  {issue.message}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {save.isError ? (
          <p className="error-text">The mapping was not saved: {errorText(save.error)}</p>
        ) : null}
        {execute.isError ? (
          <p className="error-text">The import did not start: {errorText(execute.error)}</p>
        ) : null}
      </div>
      <MappingEditor
        plan={plan}
        sourceFields={mapping.sourceFields}
        destinationFields={mapping.destinationFields}
        destinationName={destinationSheet.name}
        issues={issues}
        disabled={started || execute.isPending}
        onChange={mapping.change}
      />
    </div>
  );
}
