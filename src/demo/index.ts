/**
 * The demo listener: builds the demo space (its `space:configure` job; other spaces are left to their own
 * listeners) and runs the jobs of its actions. `main.ts` mounts
 * it on a server; the tests mount it in-process.
 */
import type { Listener } from "../sdk";
import { registerActions } from "./actions";
import { configureSpace } from "./configure-space";

export { actionsFor, CUSTOM_JOB, DEMO_ACTIONS, jobName, type DemoAction, type MountPoint } from "./actions";
export { CONFIGURE_JOB } from "./configure-space";
export { CONTACTS_SLUG, WORKBOOK_NAME } from "./kit";

/** Registers everything the demo does on `listener`. */
export function registerDemo(listener: Listener): Listener {
  listener.use(configureSpace);
  return registerActions(listener);
}
