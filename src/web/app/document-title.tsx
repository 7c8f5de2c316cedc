import { useEffect } from "react";

export const APP_NAME = "Jobs Panel";

/** The tab's title for a page whose heading is `heading`: the heading first, then the app (once). */
export const documentTitleFor = (heading: string | undefined) => {
  const text = heading?.replace(/\s+/g, " ").trim();
  return text && text !== APP_NAME ? `${text} · ${APP_NAME}` : APP_NAME;
};

/**
 * Keeps the tab's title equal to the page's heading (the `h1` of its `main`), so the heading, the title and the
 * navigation label that led there (the same name) never disagree, on every page and whatever loads later.
 */
export function DocumentTitle() {
  useEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const title = documentTitleFor(document.querySelector("main h1")?.textContent ?? undefined);
      if (document.title !== title) document.title = title;
    };
    const schedule = () => {
      frame ||= requestAnimationFrame(update);
    };
    update();
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  return null;
}
