import type { ComponentProps } from "react";
import { Slot } from "radix-ui";

type ButtonProps = ComponentProps<"button"> & {
  variant?: "default" | "primary" | "ghost";
  asChild?: boolean;
};

/** A button (or, with `asChild`, a link styled as one). */
export function Button({ variant = "default", asChild = false, className, type, ...props }: ButtonProps) {
  const Component = asChild ? Slot.Root : "button";
  return (
    <Component
      data-slot="button"
      data-variant={variant}
      className={["button", className].filter(Boolean).join(" ")}
      {...(asChild ? {} : { type: type ?? "button" })}
      {...props}
    />
  );
}
