import type { ComponentProps } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";
import { Button } from "./button";

/** Thin wrappers over Radix Dialog; styled by `data-slot`. */
export const Dialog = (props: ComponentProps<typeof DialogPrimitive.Root>) => (
  <DialogPrimitive.Root data-slot="dialog" {...props} />
);

export const DialogTrigger = (props: ComponentProps<typeof DialogPrimitive.Trigger>) => (
  <DialogPrimitive.Trigger data-slot="dialog-trigger" {...props} />
);

export const DialogClose = (props: ComponentProps<typeof DialogPrimitive.Close>) => (
  <DialogPrimitive.Close data-slot="dialog-close" {...props} />
);

export const DialogTitle = (props: ComponentProps<typeof DialogPrimitive.Title>) => (
  <DialogPrimitive.Title data-slot="dialog-title" {...props} />
);

export const DialogDescription = (props: ComponentProps<typeof DialogPrimitive.Description>) => (
  <DialogPrimitive.Description data-slot="dialog-description" {...props} />
);

/** The panel, portalled over an overlay; `side` makes it a drawer on that edge. */
export function DialogContent({
  side,
  ...props
}: ComponentProps<typeof DialogPrimitive.Content> & { side?: "left" | "right" }) {
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay data-slot="dialog-overlay" />
      <DialogPrimitive.Content data-slot="dialog-content" data-side={side} {...props} />
    </DialogPrimitive.Portal>
  );
}

/** A drawer's header: its title and a close button (Escape closes it too). */
export function DrawerHeader({ title, closeLabel }: { title: string; closeLabel: string }) {
  return (
    <header className="panel-header">
      <DialogTitle>{title}</DialogTitle>
      <DialogClose asChild>
        <Button variant="ghost" aria-label={closeLabel} title="Close (Esc)">
          <span aria-hidden="true">✕</span>
        </Button>
      </DialogClose>
    </header>
  );
}

/**
 * An `onCloseAutoFocus` that gives focus back to the control that opened a lazily loaded dialog: that control lives
 * outside the dialog's chunk, so there is no Radix trigger to return to. Radix's own choice stands when it is gone.
 */
export function focusBackTo(control: () => HTMLElement | null | undefined) {
  return (event: Event) => {
    const element = control();
    if (!element?.isConnected) return;
    event.preventDefault();
    element.focus();
  };
}
