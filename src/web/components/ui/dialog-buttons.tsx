import type { ReactNode } from "react";
import { Button } from "./button";
import { DialogClose } from "./dialog";

/**
 * A dialog's footer: Cancel (closes it) and the primary button. While `pending` the primary button stays focusable
 * but ignores clicks (`aria-disabled`, `data-busy`), so a second click cannot send twice. With `submit` it submits
 * the surrounding form instead of calling `onConfirm`.
 */
export function DialogButtons({
  className,
  confirmClassName,
  children,
  pending,
  onConfirm,
  submit = false,
}: {
  className: string;
  confirmClassName: string;
  /** The primary button's label. */
  children: ReactNode;
  pending: boolean;
  onConfirm?: () => void;
  submit?: boolean;
}) {
  return (
    <div className={className}>
      <DialogClose asChild>
        <Button>Cancel</Button>
      </DialogClose>
      <Button
        type={submit ? "submit" : "button"}
        variant="primary"
        className={confirmClassName}
        aria-disabled={pending || undefined}
        data-busy={pending || undefined}
        onClick={
          submit
            ? undefined
            : () => {
                if (!pending) onConfirm?.();
              }
        }
      >
        {children}
      </Button>
    </div>
  );
}
