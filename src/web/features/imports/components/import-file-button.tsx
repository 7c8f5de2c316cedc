import { useState } from "react";
import { Button } from "../../../components/ui/button";
import type { Sheet } from "../../../lib/api-types";
import { ImportFileDialog } from "./import-file-dialog";
import "../imports.css";

/** "Import file" in a sheet's toolbar: the whole import into this sheet, in one dialog. */
export function ImportFileButton({ spaceId, sheet }: { spaceId: string; sheet: Sheet }) {
  const [open, setOpen] = useState(false);
  // A new dialog for each import: it starts from the file choice again.
  const [round, setRound] = useState(0);
  return (
    <>
      <Button
        className="import-file-button"
        onClick={() => {
          setRound((value) => value + 1);
          setOpen(true);
        }}
      >
        Import file
      </Button>
      {open ? (
        <ImportFileDialog key={round} spaceId={spaceId} sheet={sheet} open={open} onOpenChange={setOpen} />
      ) : null}
    </>
  );
}
