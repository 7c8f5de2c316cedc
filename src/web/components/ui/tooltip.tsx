import {
  createContext,
  useCallback,
  useContext,
  useRef,
  useState,
  type ComponentProps,
  type FocusEvent,
  type KeyboardEvent,
  type PointerEvent,
} from "react";
import { Tooltip as TooltipPrimitive } from "radix-ui";

/** Closes the tooltip of the trigger that was just pressed. */
const CloseTooltip = createContext<() => void>(() => undefined);

/** Surfaces that an activated trigger opens and that hand focus back to it when they close. */
const OPENED_SURFACE = '[role="dialog"], [role="alertdialog"], [role="menu"]';

/**
 * Thin wrappers over Radix Tooltip; each tooltip brings its own provider, so it works anywhere. Open or not, it may be
 * controlled (`open`, `onOpenChange`) or left to itself.
 */
export function Tooltip({
  delayDuration = 300,
  open,
  defaultOpen = false,
  onOpenChange,
  children,
  ...props
}: ComponentProps<typeof TooltipPrimitive.Root> & { delayDuration?: number }) {
  const [ownOpen, setOwnOpen] = useState(defaultOpen);
  const setOpen = useCallback(
    (next: boolean) => {
      setOwnOpen(next);
      onOpenChange?.(next);
    },
    [onOpenChange],
  );
  const close = useCallback(() => setOpen(false), [setOpen]);
  return (
    <TooltipPrimitive.Provider delayDuration={delayDuration}>
      <TooltipPrimitive.Root data-slot="tooltip" open={open ?? ownOpen} onOpenChange={setOpen} {...props}>
        <CloseTooltip.Provider value={close}>{children}</CloseTooltip.Provider>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}

/**
 * The element the tooltip explains. Pressing it (click, tap, Enter or Space) closes the tooltip, and focus coming
 * back to it from the dialog or menu the press opened does not bring the tooltip back: the person has read it and
 * acted. Moving focus away and back, or hovering anew, shows it again.
 */
export function TooltipTrigger({
  onPointerDown,
  onKeyDown,
  onFocus,
  onBlur,
  ...props
}: ComponentProps<typeof TooltipPrimitive.Trigger>) {
  const close = useContext(CloseTooltip);
  const pressed = useRef(false);
  return (
    <TooltipPrimitive.Trigger
      data-slot="tooltip-trigger"
      onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
        pressed.current = true;
        onPointerDown?.(event);
      }}
      onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
        if (event.key === "Enter" || event.key === " ") {
          pressed.current = true;
          close();
        }
        onKeyDown?.(event);
      }}
      onFocus={(event: FocusEvent<HTMLButtonElement>) => {
        // Radix opens the tooltip on focus unless the event's default is prevented.
        if (pressed.current) event.preventDefault();
        onFocus?.(event);
      }}
      onBlur={(event: FocusEvent<HTMLButtonElement>) => {
        const next = event.relatedTarget instanceof Element ? event.relatedTarget : null;
        if (!next?.closest(OPENED_SURFACE)) pressed.current = false;
        onBlur?.(event);
      }}
      {...props}
    />
  );
}

/** The bubble, portalled, with an arrow. */
export function TooltipContent({
  sideOffset = 6,
  children,
  ...props
}: ComponentProps<typeof TooltipPrimitive.Content>) {
  return (
    <TooltipPrimitive.Portal>
      <TooltipPrimitive.Content data-slot="tooltip-content" sideOffset={sideOffset} {...props}>
        {children}
        <TooltipPrimitive.Arrow data-slot="tooltip-arrow" width={10} height={5} />
      </TooltipPrimitive.Content>
    </TooltipPrimitive.Portal>
  );
}
