/**
 * What the person is doing comes first: an outcome of a job that ends while they type in a cell waits and never takes
 * their keys, a running foreground job locks its workbook's actions (and a second one does not take its overlay), and
 * a listener's job reacting to a cell edit makes no toast. Against the real server and the demo listener.
 */
import type { Locator, Page } from "@playwright/test";
import { createClient } from "../src/sdk";
import { admin, baseUrl, expect, openSignedIn, snap, test, type DemoSpace } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

const sheetUrl = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

/** The contacts sheet, up and with its event stream live, as for a person who is about to work in it. */
async function openLiveSheet(page: Page, demo: DemoSpace): Promise<Locator> {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  return grid;
}

const cell = (grid: Locator, row: number, col: number) =>
  grid.locator(`[data-row="${row}"][data-col="${col}"]`);
const jobsButton = (page: Page) => page.locator('[data-slot="jobs-button"]');

/**
 * Mounts a background action no listener handles on the demo workbook and starts a job of it as the end user; the
 * test ends it with the secret key, with the outcome it needs.
 */
async function userBackgroundJob(demo: DemoSpace, operation: string) {
  const workbook = await admin.workbooks.get(demo.workbook.id);
  await admin.workbooks.update(demo.workbook.id, {
    actions: [...workbook.actions, { operation, label: `E2E ${operation}`, mode: "background" }],
  });
  const user = createClient({ baseUrl, token: demo.userToken });
  return user.jobs.create({ type: "workbook", operation, source: demo.workbook.id, trigger: "immediate" });
}

/**
 * Mounts a foreground action no listener handles on the demo workbook and starts a job of it; the test acknowledges
 * and ends its jobs itself, so they run exactly as long as the test needs (the demo's own Export Data ends after about
 * six seconds, which a busy machine can spend before the test has looked at everything).
 */
async function mountHoldAction(demo: DemoSpace) {
  const workbook = await admin.workbooks.get(demo.workbook.id);
  await admin.workbooks.update(demo.workbook.id, {
    actions: [...workbook.actions, { operation: "e2e-hold", label: "Hold for E2E", mode: "foreground" }],
  });
}
const startHold = (demo: DemoSpace) =>
  admin.jobs.create({
    type: "workbook",
    operation: "e2e-hold",
    source: demo.workbook.id,
    trigger: "immediate",
    mode: "foreground",
  });

test("an outcome that arrives while the person types in a cell waits: the editor keeps focus and every key", async ({
  page,
  demo,
}, testInfo) => {
  const job = await userBackgroundJob(demo, "e2e-check");
  const grid = await openLiveSheet(page, demo);
  await cell(grid, 1, 4).dblclick();
  const editor = grid.getByRole("textbox", { name: "Company, row 2" });
  await expect(editor).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Half typ");

  await admin.jobs.complete(job.id, {
    outcome: { acknowledge: true, heading: "Check finished", message: "Every contact was checked." },
  });
  // The page has the job's end: the header counts it.
  await expect(jobsButton(page)).toHaveAccessibleName(/finished since you looked/);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
  await expect(editor).toBeFocused();
  await page.keyboard.type("ed");
  await page.keyboard.press("Space");
  await page.keyboard.type("value");
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue("Half typed value");
  await snap(page, testInfo, "typing-while-outcome-waits");
  await page.keyboard.press("Enter");
  await expect(cell(grid, 1, 4)).toHaveText("Half typed value");
  await expect
    .poll(async () => {
      const { records } = await admin.records.get(demo.sheet.id, { pageSize: 2 });
      return records[1]?.values.company?.value;
    })
    .toBe("Half typed value");

  // Once the person is idle the outcome shows, focused on itself: a stray Space acknowledges nothing.
  const dialog = page.getByRole("alertdialog", { name: "Check finished" });
  await expect(dialog).toBeVisible({ timeout: 10_000 });
  await expect(dialog).toBeFocused();
  await snap(page, testInfo, "outcome-after-typing");
  await page.keyboard.press("Space");
  await expect(dialog).toBeVisible();
  expect((await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeFalsy();
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
});

test("while a foreground job runs, the workbook's actions wait for it, and a second one does not take its overlay", async ({
  page,
  demo,
}, testInfo) => {
  await mountHoldAction(demo);
  await openLiveSheet(page, demo);
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  const exportButton = bar.getByRole("button", { name: "Export Data" });
  await expect(exportButton).not.toHaveAttribute("aria-disabled");
  const first = await startHold(demo);
  await admin.jobs.ack(first.id, { info: "Holding the workbook", progress: 10 });
  const overlay = page.locator('[data-slot="job-overlay"]');
  await expect(overlay).toHaveAttribute("data-job-id", first.id);

  await expect(exportButton).toHaveAttribute("aria-disabled", "true");
  await expect(exportButton).toHaveAccessibleDescription(/^Wait for “Hold for E2E” to finish/);
  // Every other action of the workbook too, in its More actions menu.
  await bar.getByRole("button", { name: "More actions" }).click();
  const menu = page.getByRole("menu", { name: "More actions" });
  await expect(menu.getByRole("menuitem")).not.toHaveCount(0);
  for (const item of await menu.getByRole("menuitem").all())
    await expect(item).toHaveAttribute("aria-disabled", "true");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  // A click (forced: Playwright would wait for the button to be enabled) starts nothing.
  await exportButton.click({ force: true });
  await expect(page.getByRole("dialog", { name: "Export Data" })).toHaveCount(0);
  expect((await admin.jobs.list({ spaceId: demo.spaceId, operation: "export" })).data).toHaveLength(0);

  // A second one arrives anyway (through the API): the overlay keeps the first and counts it.
  const second = await startHold(demo);
  await expect(overlay.locator('[data-slot="job-overlay-waiting"]')).toHaveText("1 more waiting");
  await expect(overlay).toHaveAttribute("data-job-id", first.id);
  await snap(page, testInfo, "overlay-keeps-first-job");
  await admin.jobs.cancel(second.id, {});
  await expect(overlay.locator('[data-slot="job-overlay-waiting"]')).toHaveCount(0);
  await expect(overlay).toHaveAttribute("data-job-id", first.id);
  await admin.jobs.cancel(first.id, {});
  await expect(overlay).toHaveCount(0);
  await expect(exportButton).not.toHaveAttribute("aria-disabled");
});

test("a cell edit makes no toast: the listener's job that reacts to it is not the person's", async ({
  page,
  demo,
}, testInfo) => {
  const own = await userBackgroundJob(demo, "e2e-own");
  const grid = await openLiveSheet(page, demo);
  await cell(grid, 0, 4).dblclick();
  const editor = grid.getByRole("textbox", { name: "Company, row 1" });
  await page.keyboard.press("ControlOrMeta+a");
  await editor.pressSequentially("Edited Inc.");
  await page.keyboard.press("Enter");
  await expect(cell(grid, 0, 4)).toHaveText("Edited Inc.");

  // The demo listener counts the contacts again after the commit, in a job of its own.
  await expect
    .poll(
      async () => (await admin.jobs.list({ spaceId: demo.spaceId, operation: "myCustomOperation" })).data,
      {
        timeout: 15_000,
      },
    )
    .toContainEqual(expect.objectContaining({ status: "complete" }));
  await expect(jobsButton(page)).toHaveAccessibleName(/finished since you looked/);
  // The person's own job ends after it: its toast comes, and the listener's job made none before it.
  await admin.jobs.complete(own.id, { outcome: { heading: "Own job done" } });
  const toasts = page.locator('[data-slot="toast"]');
  await expect(toasts.filter({ hasText: "Own job done" })).toBeVisible();
  await expect(toasts).toHaveCount(1);
  await snap(page, testInfo, "only-own-toast");
});
