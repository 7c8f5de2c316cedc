import type { ActionLauncher } from "../use-action-launcher";
import "../actions.css";

/** Why an action could not start, with Retry, until dismissed or the next launch. */
export function ActionFailure({ launcher }: { launcher: ActionLauncher }) {
  const { failure } = launcher;
  if (!failure) return null;
  return (
    <p className="action-failure" role="alert">
      <span>
        Could not start “{failure.label}”: {failure.message}
      </span>
      <button type="button" className="action-failure-dismiss" onClick={failure.retry}>
        Retry
      </button>
      <button type="button" className="action-failure-dismiss" onClick={launcher.dismissFailure}>
        Dismiss
      </button>
    </p>
  );
}
