import { useNavigate, useParams } from "../../../lib/router";
import { sheetByIdPath } from "../../../lib/paths";
import { MappingPanel } from "./mapping-panel";
import "../imports.css";

/**
 * `/space/:spaceId/imports/:jobId`: the mapping of one import. Once it is started, the destination sheet opens, where
 * the run shows over the workbook and its outcome leads to the new rows.
 */
export function MappingPage() {
  const { spaceId = "", jobId = "" } = useParams();
  const navigate = useNavigate();
  return (
    <main className="content imports-page" id="main">
      <p className="eyebrow">Import</p>
      <div className="view-header">
        <h1>Match the columns</h1>
      </div>
      <MappingPanel
        spaceId={spaceId}
        jobId={jobId}
        onStarted={(_job, destinationSheetId) => void navigate(sheetByIdPath(spaceId, destinationSheetId))}
      />
    </main>
  );
}
