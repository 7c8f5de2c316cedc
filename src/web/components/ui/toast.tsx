import type { ComponentProps } from "react";
import { Toast as ToastPrimitive } from "radix-ui";

/** Thin wrappers over Radix Toast; styled by `data-slot`. One provider and one viewport per app. */
export const ToastProvider = (props: ComponentProps<typeof ToastPrimitive.Provider>) => (
  <ToastPrimitive.Provider {...props} />
);

export const ToastViewport = (props: ComponentProps<typeof ToastPrimitive.Viewport>) => (
  <ToastPrimitive.Viewport data-slot="toast-viewport" {...props} />
);

export const Toast = (props: ComponentProps<typeof ToastPrimitive.Root>) => (
  <ToastPrimitive.Root data-slot="toast" {...props} />
);

export const ToastTitle = (props: ComponentProps<typeof ToastPrimitive.Title>) => (
  <ToastPrimitive.Title data-slot="toast-title" {...props} />
);

export const ToastDescription = (props: ComponentProps<typeof ToastPrimitive.Description>) => (
  <ToastPrimitive.Description data-slot="toast-description" {...props} />
);

/** A button of the toast; `altText` tells screen-reader users how to do the same without the toast. */
export const ToastAction = (props: ComponentProps<typeof ToastPrimitive.Action>) => (
  <ToastPrimitive.Action data-slot="toast-action" {...props} />
);

export const ToastClose = (props: ComponentProps<typeof ToastPrimitive.Close>) => (
  <ToastPrimitive.Close data-slot="toast-close" {...props} />
);
