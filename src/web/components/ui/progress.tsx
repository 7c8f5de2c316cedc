import type { ComponentProps } from "react";
import { Progress as ProgressPrimitive } from "radix-ui";

/** A determinate progress bar (0-100). */
export function Progress({
  value,
  ...props
}: ComponentProps<typeof ProgressPrimitive.Root> & { value: number }) {
  return (
    <ProgressPrimitive.Root data-slot="progress" value={value} max={100} {...props}>
      <ProgressPrimitive.Indicator
        data-slot="progress-indicator"
        style={{ transform: `translateX(-${100 - Math.min(100, Math.max(0, value))}%)` }}
      />
    </ProgressPrimitive.Root>
  );
}
