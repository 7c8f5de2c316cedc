import { finishedStatusOf } from "../../../core";
import type { JobEvent } from "./api/jobs-query-options";

/** A `job:ready` that follows the job's end (failed or canceled) is a retry: a new attempt begins. */
export function retryIndexes(events: readonly JobEvent[]): Map<string, number> {
  const retries = new Map<string, number>();
  let ended = false;
  for (const event of events) {
    if (finishedStatusOf(event) !== undefined) ended = true;
    else if (event.topic === "job:ready" && ended) {
      ended = false;
      retries.set(event.id, retries.size + 2);
    }
  }
  return retries;
}

/** How many times the job ran or was set to run, by its events: 1, or more after retries. */
export const attemptsOf = (events: readonly JobEvent[]) => retryIndexes(events).size + 1;

/** "Retried once", "Retried twice", "Retried 3 times"; undefined for a job never retried. */
export function retriedText(attempts: number): string | undefined {
  const retries = attempts - 1;
  if (retries <= 0) return undefined;
  if (retries === 1) return "Retried once";
  if (retries === 2) return "Retried twice";
  return `Retried ${retries} times`;
}
