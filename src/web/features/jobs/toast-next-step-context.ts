import { createContext, type ComponentType } from "react";
import type { Job } from "../../lib/api-types";

/**
 * How a job's toast shows its outcome's next step (a retry, a download, a link...). Next steps are drawn by the
 * outcomes feature, which builds on this one, so app/ hands its component down here; without one, toasts show none.
 */
export const ToastNextStepContext = createContext<
  ComponentType<{ job: Job; onTaken: () => void }> | undefined
>(undefined);
