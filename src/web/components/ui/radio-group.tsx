import type { ComponentProps } from "react";
import { RadioGroup as RadioGroupPrimitive } from "radix-ui";

/** Thin wrappers over Radix RadioGroup (arrow keys move between the items). */
export const RadioGroup = (props: ComponentProps<typeof RadioGroupPrimitive.Root>) => (
  <RadioGroupPrimitive.Root data-slot="radio-group" {...props} />
);

/** One choice: the round control with its dot. */
export const RadioGroupItem = (props: ComponentProps<typeof RadioGroupPrimitive.Item>) => (
  <RadioGroupPrimitive.Item data-slot="radio-group-item" {...props}>
    <RadioGroupPrimitive.Indicator data-slot="radio-group-indicator" />
  </RadioGroupPrimitive.Item>
);
