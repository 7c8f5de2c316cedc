import { createElement, lazy, useEffect, type ComponentType } from "react";

/** A component fetched on first use, which can be fetched ahead of time and tried again after a failed fetch. */
export type LazyComponent<P extends object> = ComponentType<P> & {
  /** Fetches the component's chunk now; rejects when it cannot be fetched (offline, or gone after a deploy). */
  preload: () => Promise<void>;
};

/**
 * Like React's `lazy`, but a failed fetch is not kept: React's `lazy` remembers the rejection, so a dialog fetched
 * once while offline could never open again without a reload; this one fetches again on the next preload or render.
 * While the chunk loads, the component suspends; a failed fetch during render throws to the nearest error boundary.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  const fetchOnce = (): Promise<ComponentType<P>> =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined;
        // React's lazy keeps a rejection for good: the next render gets a fresh one that fetches again.
        current = lazyOf();
        throw error;
      },
    ));
  const lazyOf = () => lazy(async () => ({ default: await fetchOnce() }));
  let current = lazyOf();
  function Lazy(props: P) {
    // Fetched ahead of time: rendered at once, without a round through Suspense.
    return createElement(loaded ?? current, props);
  }
  return Object.assign(Lazy, { preload: () => fetchOnce().then(() => undefined) });
}

/**
 * Props for the control that opens `component` (a dialog or drawer button): its chunk is fetched as soon as the
 * pointer comes over the control or focus reaches it, so it is usually here by the click. A failed fetch is left to
 * the render that needs it.
 */
export function preloadOnIntent(component: Pick<LazyComponent<object>, "preload">) {
  const load = () => void component.preload().catch(() => undefined);
  return { onPointerEnter: load, onFocus: load };
}

/**
 * Fetches `components` a second after the caller mounts, so they are here before the connection can drop: a failure
 * is left to the render or click that needs one, which fetches it again.
 */
export function usePreloadSoon(...components: readonly Pick<LazyComponent<object>, "preload">[]): void {
  useEffect(() => {
    const idle = window.setTimeout(() => {
      for (const component of components) void component.preload().catch(() => undefined);
    }, 1000);
    return () => window.clearTimeout(idle);
    // The components are module constants: fetched once per mount.
  }, []);
}
