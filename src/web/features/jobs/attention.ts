import { useEffect, useState, useSyncExternalStore } from "react";

/**
 * What the person is busy with, so that nothing they did not ask for (an outcome modal, a toast) lands on top of it:
 * an open dialog or drawer, a text field they type in, a key pressed a moment ago.
 */

/** Every modal surface (dialog, drawer) is portalled with this backdrop. */
const BACKDROP = '[data-slot="dialog-overlay"]';

/** Fields that take typed text; a focused checkbox or button takes no half-typed value. */
const TEXT_ENTRY =
  'input:not([type="checkbox"],[type="radio"],[type="button"],[type="submit"],[type="reset"],[type="range"],[type="file"],[type="color"]),textarea,select,[contenteditable]:not([contenteditable="false"])';

/** A modal surface is open: anything else shown now would sit over its backdrop. */
export const isSurfaceOpen = (doc: Document = document): boolean => doc.querySelector(BACKDROP) !== null;

/** Focus is in a field that takes text (a cell editor, a search box, a form field). */
export function isTyping(doc: Document = document): boolean {
  const focus = doc.activeElement;
  return focus instanceof HTMLElement && focus.matches(TEXT_ENTRY);
}

let lastKeyAt = Number.NEGATIVE_INFINITY;
// From the app's start, so a key pressed before anything waits still counts. Capture: a handler that stops the key
// (the grid's) must not hide it from here.
if (typeof window !== "undefined")
  window.addEventListener("keydown", () => (lastKeyAt = Date.now()), { capture: true });

/** How long after the last key press the person counts as idle. */
export const IDLE_AFTER_MS = 2000;

/** No open surface, no text field in use, no key pressed for `quietMs`. */
export function isIdle(quietMs = IDLE_AFTER_MS, now = Date.now()): boolean {
  return !isSurfaceOpen() && !isTyping() && now - lastKeyAt >= quietMs;
}

/** Calls `onChange` whenever a surface may have opened or closed (portals are children of body). */
function subscribeSurfaces(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { childList: true });
  return () => observer.disconnect();
}

/** Whether a modal surface is open, kept up to date. */
export const useSurfaceOpen = (): boolean =>
  useSyncExternalStore(
    subscribeSurfaces,
    () => isSurfaceOpen(),
    () => false,
  );

/**
 * Whether the person is idle ({@link isIdle}), re-checked on focus and key changes, surfaces opening and closing, and
 * a short timer. Only watched while `watch` is true (something waits for the person).
 */
export function useIdle(watch: boolean, quietMs = IDLE_AFTER_MS): boolean {
  const [idle, setIdle] = useState(() => watch && isIdle(quietMs));
  useEffect(() => {
    if (!watch) return;
    const check = () => setIdle(isIdle(quietMs));
    check();
    const timer = window.setInterval(check, 250);
    const unsubscribe = subscribeSurfaces(check);
    const events = ["focusin", "focusout", "keydown"] as const;
    // After the event: focusout fires before the next element has focus.
    const later = () => window.setTimeout(check, 0);
    for (const name of events) document.addEventListener(name, later, true);
    return () => {
      // The next watch starts from "busy", not from the last one's answer.
      setIdle(false);
      window.clearInterval(timer);
      unsubscribe();
      for (const name of events) document.removeEventListener(name, later, true);
    };
  }, [watch, quietMs]);
  return watch && idle;
}
