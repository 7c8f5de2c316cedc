import { today } from "../kit";
import { defineAction } from "./define";

/** "Take snapshot": a frozen copy of the contacts, and a button that opens it (`next: snapshot`). */
export const takeSnapshot = defineAction(
  "sheet",
  {
    operation: "take-snapshot",
    label: "Take snapshot",
    description: "Keep a copy of the contacts as they are now, to compare with or restore later.",
    mode: "background",
    confirm: false,
    icon: "camera",
  },
  async (job, tick, { api, signal }) => {
    const sheetId = job.source;
    await tick(40, "Copying the contacts");
    const snapshot = await api.snapshots.create({ sheetId, label: `Contacts on ${today()}` }, { signal });
    return {
      heading: "Snapshot taken",
      message: `Saved a copy of ${snapshot.recordCount} contacts.`,
      acknowledge: true,
      next: { type: "snapshot", snapshotId: snapshot.id, sheetId, label: "Go to snapshot" },
    };
  },
);
