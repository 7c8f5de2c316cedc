/**
 * Live jobs in the dashboard, against the real server and the real demo listener: the foreground overlay over the
 * sheet (live percent and time left, Cancel, Run in background), background jobs in the jobs panel, toasts, the job
 * detail's timeline, catching up after the event stream drops, and axe on the overlay and the panel in both themes.
 */
import type { Page } from "@playwright/test";
import {
  admin,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  settled,
  snap,
  test,
  type DemoSpace,
} from "./fixtures";

const sheetUrl = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

/** The demo's "Export Data": about six seconds of progress ticks with an estimate. */
const startExport = (demo: DemoSpace, mode: "foreground" | "background") =>
  admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: demo.workbook.id,
    trigger: "immediate",
    mode,
  });

const overlay = (page: Page) => page.getByRole("region", { name: "Export Data" });
const jobsButton = (page: Page) => page.locator('[data-slot="jobs-button"]');

for (const theme of ["light", "dark"] as const) {
  test(`the foreground overlay shows live progress and time left (${theme})`, async ({
    page,
    demo,
  }, testInfo) => {
    // Two axe runs on a busy machine take a while.
    test.setTimeout(120_000);
    await preferTheme(page, theme);
    await openSignedIn(page, demo.userToken, sheetUrl(demo));
    await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
    const job = await startExport(demo, "foreground");

    const card = overlay(page);
    await expect(card).toBeVisible();
    await expect(card).toBeFocused();
    const percent = card.locator('[data-slot="job-percent"]');
    const left = card.locator('[data-slot="job-time-left"]');
    await expect(left).toHaveText(/about \d+ s left/);
    const firstPercent = await percent.textContent();
    const firstLeft = await left.textContent();
    await expect(percent).not.toHaveText(firstPercent ?? "");
    await expect(left).not.toHaveText(firstLeft ?? "");
    // The export takes about six seconds: look at the overlay while it is still there.
    await snap(page, testInfo, `overlay-${theme}`);
    await expectNoSeriousViolations(page, `the overlay (${theme})`);
    // The header stays usable while the sheet is covered.
    await jobsButton(page).click();
    const panel = page.getByRole("dialog", { name: "Jobs" });
    await expect(panel.locator(`[data-job-id="${job.id}"]`)).toBeVisible();
    await snap(page, testInfo, `panel-running-${theme}`);
    await expectNoSeriousViolations(page, `the jobs panel (${theme})`);
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();

    expect((await settled(job.id)).status).toBe("complete");
    await expect(card).toBeHidden();
  });
}

test("Cancel on the overlay cancels the job and stops the listener's work", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  // The page is up and its event stream open before the job starts, as for a person who clicks.
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  const job = await startExport(demo, "foreground");
  const card = overlay(page);
  await expect(card.locator('[data-slot="job-percent"]')).not.toHaveText("0%", { timeout: 15_000 });
  await card.getByRole("button", { name: "Cancel" }).click();
  await expect(card).toBeHidden();
  expect((await settled(job.id)).status).toBe("canceled");
  await snap(page, testInfo, "after-cancel");
  // Longer than the whole export takes: the handler stopped, so the job stays canceled and no file was written.
  await page.waitForTimeout(7_000);
  const after = await admin.jobs.get(job.id);
  expect(after.status).toBe("canceled");
  expect(after.outcome).toBeUndefined();
  const { data: exports } = await admin.files.list({ spaceId: demo.spaceId, mode: "export" });
  expect(exports.filter((file) => file.name.startsWith("october-report-"))).toEqual([]);
});

test("Run in background frees the sheet; the job finishes in the panel with a toast", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  // The page is up and its event stream open before the job starts, as for a person who clicks.
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  const job = await startExport(demo, "foreground");
  const card = overlay(page);
  await expect(card).toBeVisible({ timeout: 15_000 });
  await card.getByRole("button", { name: "Run in background" }).click();
  await expect(card).toBeHidden();
  await expect(jobsButton(page)).toBeFocused();
  await expect(jobsButton(page)).toHaveAccessibleName(/Jobs, 1 running/);
  await page.keyboard.press("j");
  const panel = page.getByRole("dialog", { name: "Jobs" });
  await expect(panel.locator(`[data-slot="running-job"][data-job-id="${job.id}"]`)).toBeVisible();
  await snap(page, testInfo, "backgrounded-in-panel");
  await page.keyboard.press("Escape");

  const toast = page.locator(`[data-slot="toast"][data-job-id="${job.id}"]`);
  await expect(toast).toBeVisible({ timeout: 15_000 });
  await expect(toast).toContainText("Export ready");
  await snap(page, testInfo, "toast-export-ready");
  expect((await admin.jobs.get(job.id)).status).toBe("complete");
});

test("a background job shows its progress in the panel and is canceled from there", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  const job = await startExport(demo, "background");
  // A background job does not block the sheet.
  await expect(overlay(page)).toBeHidden();
  await page.keyboard.press("j");
  const panel = page.getByRole("dialog", { name: "Jobs" });
  const item = panel.locator(`[data-slot="running-job"][data-job-id="${job.id}"]`);
  await expect(item.getByRole("progressbar")).toBeVisible();
  await expect(item).toContainText(/Formatting contacts|Reading the contacts/);
  await expect(item.locator('[data-slot="job-time-left"]')).toHaveText(/left|finishing/);
  await snap(page, testInfo, "panel-background-running");
  await item.getByRole("button", { name: "Cancel Export Data" }).click();
  expect((await settled(job.id)).status).toBe("canceled");
  const finished = panel.locator(`[data-slot="finished-job"][data-job-id="${job.id}"]`);
  await expect(finished).toContainText("Canceled");
  await expect(finished.getByRole("button", { name: "Retry Export Data" })).toBeVisible();
});

test("a failed foreground job toasts; View opens its detail with the timeline", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  // "Sync to CRM" fails on its first attempt, on purpose. Run in the foreground, so the person watched it: its failure
  // toasts as its overlay goes (another's background job that fails only counts in the header).
  const job = await admin.jobs.create({
    type: "workbook",
    operation: "sync-crm",
    source: demo.workbook.id,
    trigger: "immediate",
    mode: "foreground",
  });
  const toast = page.locator(`[data-slot="toast"][data-job-id="${job.id}"]`);
  await expect(toast).toContainText("The CRM did not answer");
  // The panel has not been opened since the page loaded: the header counts the failure as unread.
  await expect(jobsButton(page)).toHaveAccessibleName(/1 finished since you looked/);
  await snap(page, testInfo, "toast-failed");
  await toast.getByRole("link", { name: "View" }).click();
  await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/jobs/${job.id}$`));
  const detail = page.locator('[data-slot="job-detail"]');
  await expect(detail.getByRole("heading", { level: 1, name: "Sync to CRM" })).toBeVisible();
  const timeline = detail.locator('[data-slot="job-timeline"]');
  await expect(timeline.locator('[data-topic="job:created"]')).toBeVisible();
  await expect(timeline.locator('[data-topic="job:ready"]')).toBeVisible();
  await expect(timeline.locator('[data-topic="job:failed"]')).toBeVisible();
  await expect(detail.getByRole("button", { name: "Retry Sync to CRM" })).toBeVisible();
  await snap(page, testInfo, "job-detail-failed");
  await expectNoSeriousViolations(page, "the job detail");

  // Retry from the detail: the second attempt succeeds, and the timeline follows live.
  await detail.getByRole("button", { name: "Retry Sync to CRM" }).click();
  await expect(detail.locator('[data-slot="job-detail-status"]')).toHaveText("Complete", { timeout: 15_000 });
  await expect(timeline.locator('[data-topic="job:completed"]')).toBeVisible();
  await snap(page, testInfo, "job-detail-retried");
});

test("after the event stream drops, the panel says so and catches up without a reload", async ({
  page,
  context,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  const indicator = page.locator('[data-slot="connection-indicator"]');
  await expect(indicator).toHaveAttribute("data-status", "live");
  // A job no listener runs: the test moves its progress itself.
  const job = await admin.jobs.create({
    type: "workbook",
    operation: "e2e-manual",
    source: demo.workbook.id,
    trigger: "immediate",
    mode: "background",
  });
  await admin.jobs.ack(job.id, { progress: 10, info: "Step one" });
  await page.keyboard.press("j");
  const item = page.locator(`[data-slot="running-job"][data-job-id="${job.id}"]`);
  await expect(item).toContainText("10%");

  // New stream requests fail. The browser going offline and back makes the dashboard drop its current stream and
  // reconnect at once (the open connection itself survives network emulation), which the route then refuses.
  await page.route("**/v1/events/stream**", (route) => route.abort());
  await context.setOffline(true);
  await expect(indicator).toHaveAttribute("data-status", "offline");
  await context.setOffline(false);
  await expect(indicator).toHaveAttribute("data-status", /reconnecting|offline/);
  await expect(indicator).toContainText(/Reconnecting|Offline/);
  // Progress made while the dashboard has no stream.
  await admin.jobs.update(job.id, { progress: 60, info: "Step two" });
  await snap(page, testInfo, "stream-reconnecting");
  await expect(item).toContainText("10%");

  await page.unroute("**/v1/events/stream**");
  await expect(indicator).toHaveAttribute("data-status", "live", { timeout: 30_000 });
  await expect(item).toContainText("60%");
  await expect(item).toContainText("Step two");
  await snap(page, testInfo, "stream-caught-up");
  await admin.jobs.cancel(job.id, {});
});

test("the panel's status filter keeps its size and its focus ring in a drawer full of jobs", async ({
  page,
  demo,
}) => {
  // More finished jobs than the drawer can show at once, in a short window.
  for (let i = 0; i < 24; i++) {
    const job = await admin.jobs.create({
      type: "workbook",
      operation: `e2e-filler-${i}`,
      source: demo.workbook.id,
      trigger: "immediate",
      mode: "background",
    });
    await admin.jobs.ack(job.id, {});
    await admin.jobs.complete(job.id, {});
  }
  await page.setViewportSize({ width: 1280, height: 560 });
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  await page.keyboard.press("j");
  const panel = page.getByRole("dialog", { name: "Jobs" });
  await expect(panel.locator('[data-slot="finished-job"]')).toHaveCount(20);
  const filter = panel.getByRole("radiogroup", { name: "Show jobs" });
  const all = filter.getByRole("radio", { name: "All" });
  await all.focus();
  await expect(all).toBeFocused();
  // Squeezed by the list, the filter used to be 2 px tall, its buttons and focus ring out of sight.
  const box = await filter.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(24);
  const item = await all.boundingBox();
  expect(item?.height ?? 0).toBeGreaterThanOrEqual(24);
});
