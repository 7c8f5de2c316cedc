import { createContext, useContext, useRef, type ComponentProps, type RefObject } from "react";
import { RadioGroup as RadioGroupPrimitive } from "radix-ui";

const ARROW_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/** Set while an arrow key's move of the focus is under way, until the item it lands on takes the focus. */
const ArrowMove = createContext<RefObject<boolean> | null>(null);

/**
 * Thin wrappers over Radix RadioGroup (arrow keys move between the items, and the choice follows the focus).
 *
 * Radix moves the focus a timer after the arrow's keydown, and makes the choice follow only if the key is still down
 * when the focus lands: a quick tap on a busy machine releases the key first, and the focus moves while the choice
 * stays behind. Here the arrow counts until the focus lands, whenever the key comes up.
 */
export const RadioGroup = ({ onKeyDown, ...props }: ComponentProps<typeof RadioGroupPrimitive.Root>) => {
  const arrowMove = useRef(false);
  return (
    <ArrowMove.Provider value={arrowMove}>
      <RadioGroupPrimitive.Root
        data-slot="radio-group"
        onKeyDown={(event) => {
          onKeyDown?.(event);
          if (!ARROW_KEYS.has(event.key)) return;
          arrowMove.current = true;
          // Queued after Radix's own timer that moves the focus, so it only ends a move that landed nowhere.
          setTimeout(() => (arrowMove.current = false), 0);
        }}
        {...props}
      />
    </ArrowMove.Provider>
  );
};

/** One choice: the round control with its dot. */
export const RadioGroupItem = ({ onFocus, ...props }: ComponentProps<typeof RadioGroupPrimitive.Item>) => {
  const arrowMove = useContext(ArrowMove);
  return (
    <RadioGroupPrimitive.Item
      data-slot="radio-group-item"
      onFocus={(event) => {
        onFocus?.(event);
        if (!arrowMove?.current) return;
        arrowMove.current = false;
        if (event.currentTarget.getAttribute("aria-checked") !== "true") event.currentTarget.click();
      }}
      {...props}
    >
      <RadioGroupPrimitive.Indicator data-slot="radio-group-indicator" />
    </RadioGroupPrimitive.Item>
  );
};
