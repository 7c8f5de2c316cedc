const id = encodeURIComponent;

/**
 * A sheet's snapshots (`/space/:spaceId/sheets/:sheetId/snapshots`), or one snapshot compared with the sheet now
 * when `snapshotId` is given: where an outcome's `next: {type: "snapshot"}` leads.
 */
export const snapshotPath = (spaceId: string, sheetId: string, snapshotId?: string) =>
  `/space/${id(spaceId)}/sheets/${id(sheetId)}/snapshots${snapshotId === undefined ? "" : `/${id(snapshotId)}`}`;
