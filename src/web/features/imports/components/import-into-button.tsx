import { Suspense, useState } from "react";
import type { SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { lazyComponent, usePreloadSoon, preloadOnIntent } from "../../../lib/lazy-component";
import type { ImportSource } from "../api/use-create-import";
import "../imports.css";

// The header's layout hands this button to the files feature, so it is in the first page's code: the dialog (and the
// dialog library) is fetched soon after a page shows the button, or when it is first hovered, focused or used.
const DestinationDialog = lazyComponent(async () => (await import("./destination-dialog")).DestinationDialog);

/** "Import into…" on an extracted file or its raw sheet: picks the destination sheet, then opens the mapping. */
export function ImportIntoButton({
  spaceId,
  source,
  fileName,
  className,
}: {
  spaceId: string;
  source: ImportSource;
  fileName: string;
  className?: string;
}) {
  const [open, setOpen] = useState(false);
  usePreloadSoon(DestinationDialog);
  return (
    <>
      <Button
        className={["import-into", className].filter(Boolean).join(" ")}
        {...preloadOnIntent(DestinationDialog)}
        onClick={() => setOpen(true)}
      >
        Import into…<span className="visually-hidden"> (rows of {fileName})</span>
      </Button>
      {open ? (
        <Suspense fallback={null}>
          <DestinationDialog
            spaceId={spaceId}
            source={source}
            fileName={fileName}
            open={open}
            onOpenChange={setOpen}
          />
        </Suspense>
      ) : null}
    </>
  );
}

/** "Import into…" in the files table's row of an extracted file (handed to the files feature by app/). */
export function ImportExtractedFile({
  spaceId,
  file,
  workbookId,
  sheetId,
}: {
  spaceId: string;
  file: SpaceFile;
  workbookId: string;
  sheetId: string;
}) {
  return <ImportIntoButton spaceId={spaceId} fileName={file.name} source={{ workbookId, sheetId }} />;
}
