import {
  elementScroll,
  observeElementRect,
  type Rect,
  type Virtualizer,
  type VirtualizerOptions,
} from "@tanstack/react-virtual";

type ScrollToFn = VirtualizerOptions<HTMLDivElement, Element>["scrollToFn"];

/** Scrollers whose virtualizer has just mounted on them, until its mount's own scroll write (same task). */
const justMounted = new WeakSet<Element>();

/**
 * A virtualized table's options that keep its mount from laying the page out in the middle of React's commit.
 *
 * The library reads the scroller's `clientHeight` when the table mounts, then writes its scroll offset (0), and each
 * makes the browser lay the whole page out there, before the rows are in, and again after: 20-45 ms of the jobs
 * table's route change in the bench's traces. Here a ResizeObserver reports the size after the browser's own layout,
 * before that frame is painted; until it does, the virtualizer takes the window's size, so the first render already
 * fills the screen (rows past the scroller's end are clipped, never missing). And the mount's write of offset 0 to
 * a scroller made in the same commit, which is at 0 already, is skipped; every later write goes through. Without a
 * ResizeObserver (jsdom), both are the library's defaults.
 */
export function virtualScrollerOptions<TItem extends Element>() {
  const initialRect: Rect =
    typeof window === "undefined"
      ? { width: 0, height: 0 }
      : { width: window.innerWidth, height: window.innerHeight };
  return {
    initialRect,
    observeElementRect: (instance: Virtualizer<HTMLDivElement, TItem>, report: (rect: Rect) => void) => {
      const element = instance.scrollElement;
      if (!element || typeof ResizeObserver === "undefined") return observeElementRect(instance, report);
      justMounted.add(element);
      queueMicrotask(() => justMounted.delete(element));
      // clientWidth/Height as the default reads them (padding in, scrollbar out); layout is done when this runs.
      const observer = new ResizeObserver(() =>
        report({ width: element.clientWidth, height: element.clientHeight }),
      );
      observer.observe(element);
      return () => observer.disconnect();
    },
    scrollToFn: ((offset, options, instance) => {
      const element = instance.scrollElement;
      if (element && justMounted.delete(element) && offset + (options.adjustments ?? 0) === 0) return;
      elementScroll(offset, options, instance);
    }) as ScrollToFn,
  };
}
