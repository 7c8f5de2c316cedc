import { useEffect } from "react";
import { useJobsPanelStore } from "./jobs-panel-store";

/** The key that opens and closes the jobs panel. */
export const JOBS_SHORTCUT = "j";

const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable ||
    target.closest(
      "input, textarea, select, [contenteditable=''], [contenteditable='true'], [role='textbox']",
    ) !== null);

/** "j" toggles the jobs panel, unless the user is typing or holds a modifier. */
export function useJobsShortcut(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== JOBS_SHORTCUT || event.repeat || event.defaultPrevented) return;
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      const { open, setOpen } = useJobsPanelStore.getState();
      setOpen(!open);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
