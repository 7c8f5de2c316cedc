import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { SpaceFile } from "../../../../core";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogTitle,
} from "../../../components/ui/dialog";
import { useApi } from "../../../lib/api-context";
import { fileKeys } from "../../spaces";
import { errorText } from "../../../lib/error-text";

/**
 * "Delete october.csv?": Cancel (focused first) or Delete, which removes the file and its bytes. Stays mounted while
 * it closes, so `onCloseAutoFocus` can put focus back where the person was.
 */
export function DeleteFileDialog({
  file,
  open,
  onClose,
  onCloseAutoFocus,
}: {
  file: SpaceFile;
  open: boolean;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const api = useApi();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => api.files.delete(file.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: fileKeys.list(file.spaceId) });
      onClose();
    },
  });
  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <DialogContent className="files-dialog" onCloseAutoFocus={onCloseAutoFocus}>
        <DialogTitle>Delete {file.name}?</DialogTitle>
        <DialogDescription className="files-dialog-text">
          The file and its bytes are removed from the space for good. Jobs that used it keep their results.
        </DialogDescription>
        {remove.isError ? (
          <p className="error-text" role="alert">
            Could not delete the file: {errorText(remove.error)}
          </p>
        ) : null}
        <div className="files-dialog-buttons">
          <DialogClose asChild>
            {/* Radix focuses the first focusable element: Cancel, so Enter never deletes by accident. */}
            <Button>Cancel</Button>
          </DialogClose>
          <Button
            className="files-delete-confirm"
            aria-disabled={remove.isPending || undefined}
            onClick={() => {
              if (!remove.isPending) remove.mutate();
            }}
          >
            {remove.isPending ? "Deleting…" : "Delete"}
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}
