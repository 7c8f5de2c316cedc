import type { ComponentProps } from "react";
import { ToggleGroup as ToggleGroupPrimitive } from "radix-ui";

/** Thin wrappers over Radix ToggleGroup (single choice). */
export const ToggleGroup = (props: ComponentProps<typeof ToggleGroupPrimitive.Root>) => (
  <ToggleGroupPrimitive.Root data-slot="toggle-group" {...props} />
);

export const ToggleGroupItem = (props: ComponentProps<typeof ToggleGroupPrimitive.Item>) => (
  <ToggleGroupPrimitive.Item data-slot="toggle-group-item" {...props} />
);
