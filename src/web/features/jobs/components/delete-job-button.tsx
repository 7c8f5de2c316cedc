import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ALLOWED_FROM } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogTitle,
  DialogTrigger,
} from "../../../components/ui/dialog";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { errorText } from "../../../lib/error-text";
import { useSessionStore } from "../../auth";
import "../job-detail-tools.css";

/**
 * Delete, for operators only (the API refuses anyone else), and only in a status the API deletes from (never while
 * executing: a listener is working on it). Asks first, naming the job; `onDeleted` then takes the person elsewhere,
 * since the page's job is gone (the `job:deleted` event takes it out of the lists).
 */
export function DeleteJobButton({
  job,
  label,
  onDeleted,
}: {
  job: Job;
  label: string;
  onDeleted: () => void;
}) {
  const api = useApi();
  const operator = useSessionStore((state) => state.session?.role === "operator");
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.jobs.delete(job.id),
    onSuccess: () => {
      setOpen(false);
      onDeleted();
    },
  });
  if (!operator || !ALLOWED_FROM.delete.includes(job.status)) return null;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) remove.reset();
      }}
    >
      <DialogTrigger asChild>
        <Button className="job-delete" aria-label={`Delete ${label}`}>
          Delete
        </Button>
      </DialogTrigger>
      <DialogContent className="job-delete-dialog">
        <DialogTitle>Delete “{label}”?</DialogTitle>
        <DialogDescription>
          Job <code>{job.id}</code>, its log and its outcome are removed for good. What it changed stays.
        </DialogDescription>
        {remove.isError ? (
          <p className="error-text" role="alert">
            Could not delete the job: {errorText(remove.error)}
          </p>
        ) : null}
        {/* Cancel comes first and takes the focus, so Enter never deletes by accident. */}
        <DialogButtons
          className="job-delete-dialog-buttons"
          confirmClassName="job-delete-confirm"
          pending={remove.isPending}
          onConfirm={() => remove.mutate()}
        >
          {remove.isPending ? "Deleting…" : "Delete job"}
        </DialogButtons>
      </DialogContent>
    </Dialog>
  );
}
