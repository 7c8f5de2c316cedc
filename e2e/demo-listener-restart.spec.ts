/**
 * The demo listener goes away and comes back, on a server of the test's own (the shared one's listener serves the
 * other specs): with the demo workbook open, the listener is stopped; opened again, Export Data says no worker is
 * connected before the click, its job waits in the overlay with "Waiting for a worker to connect" instead of a
 * spinner, and when the listener starts again it picks the job up, runs it, and the person gets its outcome. Axe on
 * the waiting state; screenshots at each step.
 */
import { test as base } from "@playwright/test";
import {
  createDemoSpace,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  settled,
  snap,
  type DemoSpace,
} from "./fixtures";
import { runOwnServer, type OwnServer } from "./own-server";

const NO_WORKER = /No worker is connected for this action; it will wait until one connects/;

const test = base.extend<{ own: OwnServer; demo: DemoSpace }>({
  // Starting a server and the listener, and stopping them, each take seconds on a loaded machine: apart from the
  // test's own time.
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from its first parameter
  own: [async ({}, use) => runOwnServer(use), { timeout: 120_000 }],
  demo: [
    async ({ own }, use) => use(await createDemoSpace("E2E listener restart", own.api, 60_000)),
    { timeout: 90_000 },
  ],
});

test("with the demo listener stopped, an action's job waits for a worker and runs when it starts again", async ({
  page,
  own,
  demo,
}, testInfo) => {
  test.setTimeout(120_000);
  await preferTheme(page, "light");
  await page.setViewportSize({ width: 1280, height: 800 });
  await openSignedIn(page, demo.userToken, `${own.baseUrl}/space/${demo.spaceId}`);
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  const exportData = bar.getByRole("button", { name: "Export Data", exact: true });
  await expect(exportData).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  await expect(exportData).not.toHaveAccessibleDescription(NO_WORKER);

  await own.stopListener();
  // `listener:*` events reach operators' streams only (decision 037): an end user's tab reads the listeners again on
  // focus or when the workbook is opened again. Opened again, the action says no worker would run it, and may
  // still be started.
  await page.reload();
  await expect(exportData).toHaveAccessibleDescription(NO_WORKER);
  await expect(exportData).not.toHaveAttribute("aria-disabled");
  // Keyboard users read it in the tooltip too.
  await exportData.focus();
  await expect(page.getByRole("tooltip")).toContainText(NO_WORKER);
  await snap(page, testInfo, "1-no-worker-hint");

  await exportData.click();
  const confirm = page.getByRole("dialog", { name: "Export Data" });
  await expect(confirm).toContainText(NO_WORKER);
  await snap(page, testInfo, "2-confirm-no-worker");
  await confirm.getByRole("button", { name: "Export Data", exact: true }).click();
  await expect(confirm).toBeHidden();

  const overlay = page.locator('[data-slot="job-overlay"]');
  const waiting = overlay.locator('[data-slot="job-waiting-worker"]');
  await expect(waiting).toContainText("Waiting for a worker to connect");
  await expect(overlay.locator(".job-spinner")).toHaveCount(0);
  const { data: jobs } = await own.api.jobs.list({
    spaceId: demo.spaceId,
    type: "workbook",
    operation: "export",
  });
  expect(jobs).toHaveLength(1);
  const job = jobs[0]!;
  expect(job.status).toBe("ready");
  await snap(page, testInfo, "3-waiting-for-worker");
  await expectNoSeriousViolations(page, "a job that waits for a worker while the demo listener is stopped");
  // Nobody runs it meanwhile: it still waits after the page has been judged.
  expect((await own.api.jobs.get(job.id)).status).toBe("ready");

  // The listener comes back: it picks up the job that waited, and the overlay turns into its progress.
  await own.startListener();
  await expect(waiting).toHaveCount(0, { timeout: 30_000 });
  const progress = page.getByRole("progressbar", { name: "Export Data progress" });
  await expect(progress).toBeVisible();
  await expect(overlay.locator('[data-slot="job-overlay-info"]')).toContainText(/contacts|Writing|Uploading/);
  // The job's start tells the tab that a listener runs it again: the action's hint goes too.
  await expect(exportData).not.toHaveAccessibleDescription(NO_WORKER);
  await snap(page, testInfo, "4-running-again");

  const outcome = page.getByRole("alertdialog", { name: "Export ready" });
  await expect(outcome).toBeVisible({ timeout: 45_000 });
  await expect(outcome).toContainText(/Exported 60 contacts \(\d+ with errors\) to october-report-.+\.csv\./);
  await expect(overlay).toHaveCount(0);
  await snap(page, testInfo, "5-outcome");
  const done = await settled(job.id, 30_000, own.api);
  expect(done).toMatchObject({ status: "complete", attempt: 1 });
});
