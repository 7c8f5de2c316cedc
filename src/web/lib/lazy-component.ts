import { createElement, use, type ComponentType } from "react";

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
  const fetchOnce = () =>
    (pending ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        pending = undefined;
        throw error;
      },
    ));
  function Lazy(props: P) {
    return createElement(loaded ?? use(fetchOnce()), props);
  }
  return Object.assign(Lazy, { preload: () => fetchOnce().then(() => undefined) });
}
