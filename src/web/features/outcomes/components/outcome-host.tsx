import { Suspense, useState } from "react";
import { lazyComponent, usePreloadSoon } from "../../../lib/lazy-component";
import type { Session } from "../../auth";
import type { Job } from "../../../lib/api-types";
import { useIdle } from "../../jobs";
import { usePendingOutcomes } from "../use-pending-outcomes";

// Not part of the first page: fetched soon after it shows, so an outcome can open while the connection is down.
const OutcomeDialog = lazyComponent(async () => (await import("./outcome-dialog")).OutcomeDialog);

/**
 * One outcome of a job: a retried job that ends again has a new one (with a new `finishedAt`), which must show even
 * though this tab closed the job's previous outcome.
 */
const outcomeKey = (job: Job) => `${job.id}@${job.finishedAt ?? job.updatedAt}`;

/**
 * Shows the outcomes waiting for the signed-in person, one modal at a time, oldest first. A modal opens only while the
 * person is idle (no dialog open, no text field in use, no key pressed for a moment): a job that ends while they type
 * in a cell or fill in a form waits, so it never takes their keystrokes or saves a half-typed value. The jobs button
 * counts it meanwhile.
 */
export function OutcomeHost({ spaceId, session }: { spaceId: string | undefined; session: Session }) {
  usePreloadSoon(OutcomeDialog);
  const pending = usePendingOutcomes(spaceId, session);
  // Closed at once on a click; the acknowledgement's event (or the retry's) then removes the job from `pending`.
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set());
  // The outcome on screen: it stays once open (its own backdrop makes the person "busy").
  const [shown, setShown] = useState<string>();
  const next = pending.find((job) => !closed.has(outcomeKey(job)));
  const key = next ? outcomeKey(next) : undefined;
  const idle = useIdle(key !== undefined && key !== shown);
  if (key !== undefined && key !== shown && idle) setShown(key);
  if (!next || key !== shown) return null;
  const open = outcomeKey(next);
  return (
    <Suspense fallback={null}>
      <OutcomeDialog key={open} job={next} onClose={() => setClosed((set) => new Set(set).add(open))} />
    </Suspense>
  );
}
