import { useEffect, useState } from "react";

/**
 * `value` once it has stayed the same (by its JSON) for `ms`: a preview is asked for when typing pauses, not on every
 * key. The first value is there at once.
 */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
    // Compared by its JSON: a new object with the same content is the same value.
  }, [key, ms]);
  return settled;
}
