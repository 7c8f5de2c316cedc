import { useState } from "react";
import type { SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import type { ImportSource } from "../api/use-create-import";
import { DestinationDialog } from "./destination-dialog";
import "../imports.css";

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
  return (
    <>
      <Button className={["import-into", className].filter(Boolean).join(" ")} onClick={() => setOpen(true)}>
        Import into…<span className="visually-hidden"> (rows of {fileName})</span>
      </Button>
      {open ? (
        <DestinationDialog
          spaceId={spaceId}
          source={source}
          fileName={fileName}
          open={open}
          onOpenChange={setOpen}
        />
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
