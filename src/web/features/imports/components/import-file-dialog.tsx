import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import type { SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { Progress } from "../../../components/ui/progress";
import { useApi } from "../../../lib/api-context";
import type { Sheet } from "../../../lib/api-types";
import { UploadList, useFileDrop, useFileExtraction, useUploads } from "../../files";
import { filesQueryOptions } from "../../spaces";
import { useCreateImport } from "../api/use-create-import";
import { MappingPanel } from "./mapping-panel";
import { errorText } from "../../../lib/error-text";

/**
 * "Import file" on a sheet: the whole import in one dialog. The file is uploaded, extracted by the platform (with its
 * progress), an import into this sheet is created, and its mapping shown; a plan the matcher is sure of can be run at
 * once. Once started, the dialog closes and the run shows over the sheet.
 */
export function ImportFileDialog({
  spaceId,
  sheet,
  open,
  onOpenChange,
}: {
  spaceId: string;
  sheet: Sheet;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const id = useId();
  const api = useApi();
  const input = useRef<HTMLInputElement>(null);
  const uploads = useUploads(spaceId);
  const [stored, setStored] = useState<SpaceFile>();
  const files = useQuery({ ...filesQueryOptions(api, spaceId), enabled: stored !== undefined });
  // The list follows the file's events (extracting, then extracted or failed); the upload's answer until it has it.
  const file = files.data?.find((item) => item.id === stored?.id) ?? stored;
  const extraction = useFileExtraction(spaceId, file);
  const create = useCreateImport();
  const requested = useRef(false);

  useEffect(() => {
    if (extraction.state !== "extracted" || requested.current) return;
    requested.current = true;
    create.mutate({
      source: { workbookId: extraction.workbookId, sheetId: extraction.sheetId },
      destination: sheet,
    });
  }, [extraction, create, sheet]);

  const start = (chosen: File[]) => {
    const first = chosen[0];
    if (!first) return;
    void uploads.upload([first], "import").then(([answer]) => setStored(answer));
  };
  const { dragging, dropProps } = useFileDrop(start);
  const restart = () => {
    setStored(undefined);
    requested.current = false;
    create.reset();
    for (const upload of uploads.uploads) uploads.dismiss(upload.key);
  };

  const jobId = create.data?.id;
  const uploading = uploads.uploads.some((upload) => upload.state === "uploading");
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="imports-dialog imports-dialog-wide" aria-describedby={`${id}-description`}>
        <DialogTitle>Import a file into {sheet.name}</DialogTitle>
        <DialogDescription id={`${id}-description`} className="muted">
          CSV, TSV, Excel (.xlsx) or JSON. Its columns are matched to the fields of {sheet.name}; rows with
          values to fix are imported and flagged.
        </DialogDescription>
        <p className="visually-hidden" aria-live="polite">
          {uploads.announcement}
        </p>
        {!stored ? (
          <div className="import-drop" data-dragging={dragging || undefined} {...dropProps}>
            <p>Drop a file here, or</p>
            <Button
              variant="primary"
              className="imports-confirm"
              disabled={uploading}
              onClick={() => input.current?.click()}
            >
              Choose a file
            </Button>
            <input
              ref={input}
              type="file"
              className="visually-hidden"
              tabIndex={-1}
              aria-label={`File to import into ${sheet.name}`}
              accept=".csv,.tsv,.txt,.xlsx,.json"
              onChange={(event) => {
                start(Array.from(event.currentTarget.files ?? []));
                event.currentTarget.value = "";
              }}
            />
          </div>
        ) : null}
        <UploadList uploads={uploads.uploads} onCancel={uploads.cancel} onDismiss={uploads.dismiss} />
        {file && (extraction.state === "waiting" || extraction.state === "running") ? (
          <div className="import-step" aria-live="polite">
            <p className="import-step-title">
              {extraction.state === "running"
                ? `Reading ${file.name}…`
                : `${file.name} is queued to be read…`}
            </p>
            <Progress
              value={extraction.state === "running" ? (extraction.job.progress ?? 0) : 0}
              aria-label={`Extraction of ${file.name}`}
              getValueLabel={(value) => `${value}%`}
            />
            <p className="muted import-step-info">
              {extraction.state === "running" ? (extraction.job.info ?? "Reading") : "Waiting"}
            </p>
          </div>
        ) : null}
        {file && extraction.state === "failed" ? (
          <div className="import-step" role="alert">
            <p className="error-text">{extraction.reason ?? `${file.name} could not be read.`}</p>
            <Button onClick={restart}>Choose another file</Button>
          </div>
        ) : null}
        {create.isPending ? <p className="muted">Matching the columns…</p> : null}
        {create.isError ? (
          <div className="import-step" role="alert">
            <p className="error-text">The import was not created: {errorText(create.error)}</p>
            <Button onClick={restart}>Start again</Button>
          </div>
        ) : null}
        {jobId ? (
          <MappingPanel spaceId={spaceId} jobId={jobId} onStarted={() => onOpenChange(false)} />
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
