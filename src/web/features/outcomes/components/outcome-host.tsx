import { useState } from "react";
import type { Session } from "../../auth/session";
import { usePendingOutcomes } from "../use-pending-outcomes";
import { OutcomeDialog } from "./outcome-dialog";

/** Shows the outcomes waiting for the signed-in person, one modal at a time, oldest first. */
export function OutcomeHost({ spaceId, session }: { spaceId: string | undefined; session: Session }) {
  const pending = usePendingOutcomes(spaceId, session);
  // Closed at once on a click; the acknowledgement's event then removes the job from `pending` for good.
  const [closed, setClosed] = useState<ReadonlySet<string>>(() => new Set());
  const next = pending.find((job) => !closed.has(job.id));
  if (!next) return null;
  return (
    <OutcomeDialog
      key={next.id}
      job={next}
      onAcknowledged={(id) => setClosed((set) => new Set(set).add(id))}
    />
  );
}
