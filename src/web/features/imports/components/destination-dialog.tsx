import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useNavigate } from "../../../lib/router";
import { Button } from "../../../components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { RadioGroup, RadioGroupItem } from "../../../components/ui/radio-group";
import { useApi } from "../../../lib/api-context";
import { importPath } from "../../../lib/paths";
import { workbooksQueryOptions } from "../../spaces";
import { useCreateImport, type ImportSource } from "../api/use-create-import";
import { destinationSheets } from "../destinations";
import { errorText } from "../../../lib/error-text";

/**
 * "Import into…": the person picks the sheet the file's rows go to (any sheet of the space's own workbooks, not of
 * extracted files); that creates the import, and its mapping screen opens.
 */
export function DestinationDialog({
  spaceId,
  source,
  fileName,
  open,
  onOpenChange,
}: {
  spaceId: string;
  source: ImportSource;
  fileName: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const api = useApi();
  const navigate = useNavigate();
  const id = useId();
  const workbooks = useQuery({ ...workbooksQueryOptions(api, spaceId), enabled: open });
  const sheets = destinationSheets(workbooks.data ?? []);
  const [chosen, setChosen] = useState<string>();
  const create = useCreateImport();
  const selected = sheets.find((item) => item.sheet.id === (chosen ?? sheets[0]?.sheet.id));
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="imports-dialog" aria-describedby={`${id}-description`}>
        <DialogTitle>Import {fileName} into…</DialogTitle>
        <DialogDescription id={`${id}-description`} className="muted">
          Choose the sheet its rows go to. Next you check which column goes into which field.
        </DialogDescription>
        {workbooks.isPending ? <p className="muted">Loading the sheets…</p> : null}
        {workbooks.isError ? (
          <p className="error-text">Could not load the sheets: {errorText(workbooks.error)}</p>
        ) : null}
        {workbooks.isSuccess && sheets.length === 0 ? (
          <p className="muted">This space has no sheet to import into yet.</p>
        ) : null}
        {sheets.length ? (
          <RadioGroup
            className="destination-choices"
            aria-label="Destination sheet"
            value={selected?.sheet.id}
            onValueChange={setChosen}
          >
            {sheets.map(({ workbook, sheet }) => (
              <div className="destination-choice" key={sheet.id}>
                <RadioGroupItem id={`${id}-${sheet.id}`} value={sheet.id} />
                <label htmlFor={`${id}-${sheet.id}`}>
                  <span className="destination-sheet">{sheet.name}</span>
                  <span className="muted destination-workbook">{workbook.name}</span>
                </label>
              </div>
            ))}
          </RadioGroup>
        ) : null}
        {create.isError ? (
          <p className="error-text" role="alert">
            The import was not created: {errorText(create.error)}
          </p>
        ) : null}
        {sheets.length ? (
          <DialogButtons
            className="imports-dialog-buttons"
            confirmClassName="imports-confirm"
            pending={create.isPending}
            onConfirm={() => {
              if (!selected) return;
              create.mutate(
                { source, destination: selected.sheet },
                { onSuccess: (job) => void navigate(importPath(spaceId, job.id)) },
              );
            }}
          >
            Continue
          </DialogButtons>
        ) : (
          <div className="imports-dialog-buttons">
            <Button onClick={() => onOpenChange(false)}>Close</Button>
          </div>
        )}
      </DialogContent>
    </Dialog>
  );
}
