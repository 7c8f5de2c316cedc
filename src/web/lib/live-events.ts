import type { StreamEvent } from "../../sdk";

type Subscriber = (events: readonly StreamEvent[]) => void;

const subscribers = new Set<Subscriber>();

/**
 * The tab's events, after they have been applied to the query cache, in batches of one frame. Features that react
 * to a moment rather than to state (a toast when a job finishes, a browser notification) subscribe here; everything
 * else reads the cache.
 */
export const liveEvents = {
  subscribe(subscriber: Subscriber): () => void {
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  },
  publish(events: readonly StreamEvent[]): void {
    for (const subscriber of subscribers) subscriber(events);
  },
};
