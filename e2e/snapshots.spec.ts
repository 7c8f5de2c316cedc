import type { Page } from "@playwright/test";
import {
  admin,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  snap,
  test,
  type DemoSpace,
} from "./fixtures";

const snapshotsPath = (demo: DemoSpace) => `/space/${demo.spaceId}/sheets/${demo.sheet.id}/snapshots`;

/**
 * Snapshots the demo's contacts, then changes them through the API: one contact's first name changed, one deleted,
 * one added. Answers the snapshot and what was changed.
 */
async function snapshotAndChange(demo: DemoSpace) {
  const sheetId = demo.sheet.id;
  const snapshot = await admin.snapshots.create({ sheetId, label: "Before the e2e edits" });
  const { records } = await admin.records.get(sheetId, { pageSize: 100 });
  const [changed, removed] = records;
  if (!changed || !removed) throw new Error("the demo sheet has fewer than two contacts");
  const oldName = String(changed.values.firstName?.value);
  await admin.records.update(sheetId, [{ id: changed.id, values: { firstName: { value: "Renamed" } } }]);
  await admin.records.delete(sheetId, [removed.id]);
  await admin.records.insert(sheetId, [
    {
      firstName: { value: "Nina" },
      lastName: { value: "Newcomer" },
      email: { value: "nina.newcomer@example.com" },
      company: { value: "Globex" },
    },
  ]);
  return { snapshot, changed, removed, oldName };
}

// A fresh demo space, several axe runs and screenshots: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

const diffTable = (page: Page) => page.getByRole("table", { name: /Records of the snapshot/ });

test("a snapshot shows what changed since, and restores it after a confirm", async ({
  page,
  demo,
}, testInfo) => {
  const { snapshot, changed, removed, oldName } = await snapshotAndChange(demo);

  // From the sidebar's link to the sheet's snapshots, then to the snapshot.
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  await page.getByRole("link", { name: "Snapshots of Contacts" }).click();
  await expect(page).toHaveURL(new RegExp(`${snapshotsPath(demo)}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Snapshots of Contacts" })).toBeVisible();
  const list = page.getByRole("table", { name: /Snapshots of Contacts/ });
  await expect(list.getByRole("row", { name: /Before the e2e edits/ })).toContainText("60");
  await snap(page, testInfo, "snapshots-list");
  await expectNoSeriousViolations(page, "the snapshots list");
  await list.getByRole("link", { name: "Before the e2e edits" }).click();
  await expect(page).toHaveURL(new RegExp(`/snapshots/${snapshot.id}$`));

  await expect(page.getByRole("heading", { level: 1, name: "Before the e2e edits" })).toBeVisible();
  await expect(page.getByText("1 added, 1 removed, 1 changed since this snapshot.")).toBeVisible();
  const table = diffTable(page);
  const changedRow = table.getByRole("row", { name: /Changed/ });
  await expect(changedRow).toContainText(`changed from ${oldName}`);
  await expect(changedRow).toContainText("Renamed");
  await expect(table.getByRole("row", { name: /Removed/ })).toContainText(
    String(removed.values.email?.value),
  );
  await expect(changedRow).toContainText(String(changed.values.email?.value));
  await snap(page, testInfo, "snapshot-diff-light");
  await expectNoSeriousViolations(page, "the snapshot view (light)");

  // Only the changes: the changed, the removed and the added record.
  await page.getByRole("radio", { name: "Only changes (3)" }).click();
  await expect(table.getByRole("row")).toHaveCount(4);
  await expect(table.getByRole("row", { name: /Added/ })).toContainText("Nina");
  await snap(page, testInfo, "snapshot-changes-only");

  // Restore, with the keyboard: the confirm says what will happen.
  await page.getByRole("button", { name: "Restore…" }).focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Restore this snapshot?" });
  await expect(dialog).toContainText("1 record added since is deleted.");
  await expect(dialog).toContainText("1 record removed since comes back.");
  await expect(dialog).toContainText("1 changed record gets its old values back.");
  await snap(page, testInfo, "snapshot-restore-confirm");
  await expectNoSeriousViolations(page, "the restore confirm");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Restore snapshot" })).toBeFocused();
  await page.keyboard.press("Enter");

  const status = page.getByRole("status").filter({ hasText: "Restored." });
  await expect(status).toContainText("Contacts is back as it was on");
  await expect(status).toBeFocused();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("No changes since this snapshot.")).toBeVisible();
  await snap(page, testInfo, "snapshot-restored");

  // The sheet's records are back as they were.
  const { records, counts } = await admin.records.get(demo.sheet.id, { pageSize: 100, includeCounts: true });
  expect(counts.total).toBe(60);
  const byId = new Map(records.map((record) => [record.id, record]));
  expect(byId.get(changed.id)?.values.firstName?.value).toBe(oldName);
  expect(byId.has(removed.id)).toBe(true);
  expect(records.some((record) => record.values.email?.value === "nina.newcomer@example.com")).toBe(false);

  await status.getByRole("link", { name: "Open Contacts" }).click();
  await expect(page).toHaveURL(new RegExp(`/sheet/${demo.sheet.id}`));
});

test("the snapshot view reads well in the dark theme and in a narrow window", async ({
  page,
  demo,
}, testInfo) => {
  const { snapshot, oldName } = await snapshotAndChange(demo);
  await preferTheme(page, "dark");
  await openSignedIn(page, demo.userToken, `${snapshotsPath(demo)}/${snapshot.id}`);
  await expect(page.getByText("1 added, 1 removed, 1 changed since this snapshot.")).toBeVisible();
  await expect(diffTable(page).getByRole("row", { name: /Changed/ })).toContainText(
    `changed from ${oldName}`,
  );
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await snap(page, testInfo, "snapshot-diff-dark");
  await expectNoSeriousViolations(page, "the snapshot view (dark)");

  await page.getByRole("button", { name: "Restore…" }).click();
  await expect(page.getByRole("dialog", { name: "Restore this snapshot?" })).toBeVisible();
  await snap(page, testInfo, "snapshot-restore-confirm-dark");
  await expectNoSeriousViolations(page, "the restore confirm (dark)");
  await page.getByRole("button", { name: "Cancel" }).click();

  await page.setViewportSize({ width: 700, height: 900 });
  await expect(page.getByRole("radio", { name: "Only changes (3)" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "snapshot-diff-dark-700");
});
