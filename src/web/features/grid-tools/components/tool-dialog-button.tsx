import { useState, type ReactNode } from "react";
import { Button } from "../../../components/ui/button";
import { Dialog, DialogTrigger } from "../../../components/ui/dialog";

/**
 * A button that opens a grid tool's dialog. The dialog is rendered only while open, so each opening starts from an
 * empty form; Radix traps focus in it, closes it on Escape and gives focus back to this button.
 */
export function ToolDialogButton({
  label,
  variant = "default",
  disabled,
  children,
}: {
  label: ReactNode;
  variant?: "default" | "primary" | "ghost";
  disabled?: boolean;
  /** The dialog's content; `close` closes it (once its job is started). */
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} className="grid-tool-button" disabled={disabled}>
          {label}
        </Button>
      </DialogTrigger>
      {open ? children(() => setOpen(false)) : null}
    </Dialog>
  );
}
