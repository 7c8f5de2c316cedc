import { useState } from "react";
import type { SpaceFile } from "../../../../core";
import { apiUrl } from "../../../../sdk";
import { useApi } from "../../../lib/api-context";
import { ActionIcon } from "../../actions";
import { startDownload } from "../../outcomes";
import { errorText } from "../../../lib/error-text";

/**
 * The file's name as a real `<a download>`: a click fetches a fresh signed link (it downloads without a token) and
 * follows it, so the browser saves the bytes under the file's name.
 */
export function FileDownloadLink({ file }: { file: SpaceFile }) {
  const api = useApi();
  const [state, setState] = useState<{ pending: boolean; error?: string }>({ pending: false });
  return (
    <>
      <a
        className="files-download"
        href={apiUrl(api.options.baseUrl, `/files/${encodeURIComponent(file.id)}/download`)}
        download={file.name}
        aria-busy={state.pending || undefined}
        onClick={async (event) => {
          event.preventDefault();
          if (state.pending) return;
          setState({ pending: true });
          try {
            const link = await api.files.downloadLink(file.id);
            startDownload(link.url, file.name);
            setState({ pending: false });
          } catch (error) {
            setState({ pending: false, error: errorText(error) });
          }
        }}
      >
        <span className="visually-hidden">Download </span>
        {file.name}
        <ActionIcon name="download" />
      </a>
      {state.error ? (
        <span className="files-download-error error-text" role="alert">
          Could not download: {state.error}
        </span>
      ) : null}
    </>
  );
}
