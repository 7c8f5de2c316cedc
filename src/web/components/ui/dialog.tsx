import type { ComponentProps } from "react";
import { Dialog as DialogPrimitive } from "radix-ui";

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
