import { lazy, Suspense, useState } from "react";
import type { Session } from "../../auth";
import type { Job } from "../../../lib/api-types";
import { usePendingOutcomes } from "../use-pending-outcomes";

// Fetched when an outcome is first shown: most pages never need it.
const OutcomeDialog = lazy(async () => ({ default: (await import("./outcome-dialog")).OutcomeDialog }));

/**
 * One outcome of a job: a retried job that ends again has a new one (with a new `finishedAt`), which must show even
 * though this tab closed the job's previous outcome.
 */
const outcomeKey = (job: Job) => `${job.id}@${job.finishedAt ?? job.updatedAt}`;

/** Shows the outcomes waiting for the signed-in person, one modal at a time, oldest first. */
export function OutcomeHost({ spaceId, session }: { spaceId: string | undefined; session: Session }) {
  const pending = usePendingOutcomes(spaceId, session);
  // Closed at once on a click; the acknowledgement's event (or the retry's) then removes the job from `pending`.
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set());
  const next = pending.find((job) => !closed.has(outcomeKey(job)));
  if (!next) return null;
  const key = outcomeKey(next);
  return (
    <Suspense fallback={null}>
      <OutcomeDialog key={key} job={next} onClose={() => setClosed((set) => new Set(set).add(key))} />
    </Suspense>
  );
}
