import type { ComponentProps, KeyboardEvent } from "react";
import { RadioGroup as RadioGroupPrimitive } from "radix-ui";

/** Which way each arrow moves, left to right; a right-to-left group swaps Left and Right. */
const STEP: Record<string, number> = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1 };

type RootProps = ComponentProps<typeof RadioGroupPrimitive.Root>;

/**
 * The item an arrow key moves to from the focused one, as Radix's roving focus picks it: the enabled items in order,
 * wrapping at the ends unless `loop` is false; null when the key is not a plain arrow along the group's orientation
 * on one of its items.
 */
function arrowTarget(
  event: KeyboardEvent<HTMLDivElement>,
  { dir, orientation, loop = true }: Pick<RootProps, "dir" | "orientation" | "loop">,
): HTMLButtonElement | null {
  let step = STEP[event.key];
  if (!step || event.metaKey || event.ctrlKey || event.altKey || event.shiftKey) return null;
  const sideways = event.key === "ArrowLeft" || event.key === "ArrowRight";
  if ((orientation === "vertical" && sideways) || (orientation === "horizontal" && !sideways)) return null;
  if (sideways && (dir ?? document.documentElement.dir) === "rtl") step = -step;
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('[role="radio"]')].filter(
    (item) => !item.disabled,
  );
  const from = items.indexOf(event.target as HTMLButtonElement);
  if (from < 0) return null;
  const to = from + step;
  if (!loop && (to < 0 || to >= items.length)) return null;
  return items[(to + items.length) % items.length] ?? null;
}

/**
 * Thin wrappers over Radix RadioGroup (arrow keys move between the items, and the choice follows).
 *
 * Radix moves the focus a timer after the arrow's keydown and makes the choice follow the focus only if the key is
 * still down when it lands: a quick tap on a busy machine moved the focus and left the choice behind. Here the
 * keydown itself chooses the item the arrow goes to, and Radix's timer then brings the focus to it, whatever the
 * timing of the key's release.
 */
export const RadioGroup = ({ onKeyDown, ...props }: RootProps) => (
  <RadioGroupPrimitive.Root
    data-slot="radio-group"
    onKeyDown={(event) => {
      onKeyDown?.(event);
      const next = arrowTarget(event, props);
      if (next && next.getAttribute("aria-checked") !== "true") next.click();
    }}
    {...props}
  />
);

/** One choice: the round control with its dot. */
export const RadioGroupItem = (props: ComponentProps<typeof RadioGroupPrimitive.Item>) => (
  <RadioGroupPrimitive.Item data-slot="radio-group-item" {...props}>
    <RadioGroupPrimitive.Indicator data-slot="radio-group-indicator" />
  </RadioGroupPrimitive.Item>
);
