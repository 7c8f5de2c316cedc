import type { Event } from "../../core";
import type { CommitListener } from "./store";

/** The set of commit listeners every adapter keeps; a listener that throws does not stop the others. */
export class CommitListeners {
  #listeners = new Set<CommitListener>();

  get size(): number {
    return this.#listeners.size;
  }

  add(listener: CommitListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(events: Event[]): void {
    if (events.length === 0) return;
    for (const listener of this.#listeners) {
      try {
        listener(events);
      } catch (error) {
        console.error("commit listener failed", error);
      }
    }
  }
}
