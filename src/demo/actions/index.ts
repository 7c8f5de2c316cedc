/**
 * The registry of the demo's actions: each is mounted where `mountedOn` says (configure-space.ts reads the
 * configurations from here) and runs its jobs with the handler registered by `registerActions`.
 */
import type { Listener } from "../../sdk";
import type { ActionConfig } from "../kit";
import { contactDetails } from "./contact-details";
import { customOperation } from "./custom-operation";
import type { DemoAction, MountPoint } from "./define";
import { downloadReport } from "./download-report";
import { exportData } from "./export-data";
import { exportErrors } from "./export-errors";
import { inspectFile } from "./inspect-file";
import { markContacted } from "./mark-contacted";
import { openExports } from "./open-exports";
import { publishReport } from "./publish-report";
import { refreshStats } from "./refresh-stats";
import { submit } from "./submit";
import { syncBilling } from "./sync-billing";
import { syncCrm } from "./sync-crm";
import { takeSnapshot } from "./take-snapshot";
import { validateAll } from "./validate-all";

export { CUSTOM_JOB } from "./custom-operation";
export { jobName, type DemoAction, type MountPoint } from "./define";

/** Every action of the demo, in the order the dashboard shows them. */
export const DEMO_ACTIONS: readonly DemoAction[] = [
  // Workbook: buttons at the top right (Export Data is the primary one).
  submit,
  validateAll,
  openExports,
  publishReport,
  downloadReport,
  syncCrm,
  syncBilling,
  exportData,
  // The contacts sheet: Mark as contacted in the toolbar, the others in its menu.
  markContacted,
  takeSnapshot,
  exportErrors,
  contactDetails,
  // The Getting started document and the sample file.
  refreshStats,
  inspectFile,
];

/** The configurations of the actions mounted on one kind of resource. */
export function actionsFor(mountedOn: MountPoint): ActionConfig[] {
  return DEMO_ACTIONS.filter((entry) => entry.mountedOn === mountedOn).map((entry) => entry.action);
}

/** Registers the handler of every action, and the custom job started by commits to the contacts sheet. */
export function registerActions(listener: Listener): Listener {
  for (const entry of DEMO_ACTIONS) listener.use(entry.register);
  return listener.use(customOperation);
}
