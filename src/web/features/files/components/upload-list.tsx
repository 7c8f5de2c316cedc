import { Button } from "../../../components/ui/button";
import { Progress } from "../../../components/ui/progress";
import type { Upload } from "../api/use-uploads";
import { sizeText } from "../file-text";

const STATE_TEXT: Record<Upload["state"], string> = {
  uploading: "",
  done: "Uploaded",
  failed: "Not uploaded",
  cancelled: "Cancelled",
};

/** The uploads of this visit: a bar and percent while in flight (with Cancel), then the outcome (with Dismiss). */
export function UploadList({
  uploads,
  onCancel,
  onDismiss,
}: {
  uploads: readonly Upload[];
  onCancel: (key: string) => void;
  onDismiss: (key: string) => void;
}) {
  if (!uploads.length) return null;
  return (
    <ul className="upload-list" aria-label="Uploads">
      {uploads.map((upload) => (
        <li key={upload.key} className="upload-item" data-state={upload.state}>
          <div className="upload-head">
            <span className="upload-name">{upload.name}</span>
            <span className="upload-size muted">{sizeText(upload.size)}</span>
          </div>
          <div className="upload-progress">
            <Progress
              value={upload.state === "done" ? 100 : upload.percent}
              aria-label={`Upload of ${upload.name}`}
              getValueLabel={(value) => `${value}%`}
            />
            <span className="upload-percent" aria-hidden="true">
              {upload.state === "uploading" ? `${upload.percent}%` : STATE_TEXT[upload.state]}
            </span>
            {upload.state === "uploading" ? (
              <Button variant="ghost" onClick={() => onCancel(upload.key)}>
                Cancel<span className="visually-hidden"> upload of {upload.name}</span>
              </Button>
            ) : (
              <Button variant="ghost" onClick={() => onDismiss(upload.key)}>
                Dismiss<span className="visually-hidden"> {upload.name}</span>
              </Button>
            )}
          </div>
          {upload.error ? <p className="upload-error error-text">{upload.error}</p> : null}
        </li>
      ))}
    </ul>
  );
}
