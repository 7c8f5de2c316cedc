/**
 * Outcomes end to end: each `next` type clicked by an end user in a real browser (the demo listener's actions, plus
 * `wait` and `clearFilters` from an action of our own that no listener runs), the outcome modal in two tabs and after
 * the tab was closed, plain-text messages and unsafe URLs (refused by the API, and never a link even when written
 * straight into the database), and axe on the modal and a toast in both themes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Download, Page } from "@playwright/test";
import Database from "better-sqlite3";
import { createClient, ValidationError } from "../src/sdk";
import {
  admin,
  baseUrl,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  settled,
  snap,
  test,
  type DemoSpace,
} from "./fixtures";

// A demo space per test, and some actions (Export Data) take several seconds on a busy machine.
test.describe.configure({ timeout: 90_000 });

const REPORT_URL = "https://example.com/report";

const overviewUrl = (demo: DemoSpace) => `/space/${demo.spaceId}`;
const sheetUrl = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

const jobsOf = async (spaceId: string, operation: string) =>
  (await admin.jobs.list({ spaceId, operation })).data;

/** The one job of `operation` in the space, once the click created it. */
async function onlyJob(spaceId: string, operation: string) {
  await expect.poll(async () => (await jobsOf(spaceId, operation)).length, { timeout: 10_000 }).toBe(1);
  return (await jobsOf(spaceId, operation))[0]!;
}

/** Opens the space overview as the end user and clicks a workbook action (confirming it when it asks). */
async function runWorkbookAction(page: Page, demo: DemoSpace, label: string, confirm = false) {
  await openSignedIn(page, demo.userToken, overviewUrl(demo));
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  // The primary action is a button; the others are in the bar's More actions menu.
  if (label === "Export Data") await bar.getByRole("button", { name: label }).click();
  else {
    await bar.getByRole("button", { name: "More actions" }).click();
    await page.getByRole("menuitem", { name: label }).click();
  }
  if (confirm) {
    const dialog = page.getByRole("dialog", { name: label });
    await dialog.getByRole("button", { name: label }).click();
    await expect(dialog).toBeHidden();
  }
}

/** Opens the contacts sheet as the end user and runs one of the sheet's actions from its "More actions" menu. */
async function runSheetMenuAction(page: Page, demo: DemoSpace, label: string) {
  await openSignedIn(page, demo.userToken, sheetUrl(demo));
  const bar = page.getByRole("group", { name: `Actions for ${demo.sheet.name}` });
  await bar.getByRole("button", { name: /More actions/ }).click();
  await page.getByRole("menuitem", { name: label }).click();
}

const outcomeDialog = (page: Page, heading: string | RegExp) =>
  page.getByRole("alertdialog", { name: heading });

/** The bytes a download saved. */
async function bytesOf(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFileSync(path);
}

/**
 * Mounts an action of our own on the demo workbook, one that no listener handles, and starts a job of it as the end
 * user (users may only start jobs of mounted actions). The test then finishes it with the secret key, with the
 * outcome it needs.
 */
async function userJobOfOwnAction(demo: DemoSpace, operation: string) {
  const workbook = await admin.workbooks.get(demo.workbook.id);
  await admin.workbooks.update(demo.workbook.id, {
    actions: [...workbook.actions, { operation, label: `E2E ${operation}`, mode: "background" }],
  });
  const user = createClient({ baseUrl, token: demo.userToken });
  const job = await user.jobs.create({
    type: "workbook",
    operation,
    source: demo.workbook.id,
    trigger: "immediate",
  });
  expect(job.createdBy).toBeTruthy();
  return job;
}

test.describe("each next type, clicked by the user who started the job", () => {
  test("id: See exports leads to the space's exported files", async ({ page, demo }, testInfo) => {
    await runWorkbookAction(page, demo, "See exports");
    const dialog = outcomeDialog(page, "Exports");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog).toContainText(/This space holds \d+ exported files?\./);
    const next = dialog.getByRole("link", { name: "See all downloads" });
    await expect(next).toHaveAttribute("href", `/space/${demo.spaceId}/files?mode=export`);
    await snap(page, testInfo, "next-id");

    await next.click();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/files\\?mode=export$`));
    await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
    await expect(dialog).toBeHidden();
    const job = await onlyJob(demo.spaceId, "open-exports");
    await expect.poll(async () => (await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
  });

  test("url: Publish report opens the report in a new tab, without opener or referrer", async ({
    page,
    context,
    demo,
  }, testInfo) => {
    // The external site may be out of reach here: answer it locally, so the new tab has a page to show.
    await context.route(`${REPORT_URL}**`, (route) =>
      route.fulfill({ contentType: "text/html", body: "<title>Report</title><h1>October report</h1>" }),
    );
    await runWorkbookAction(page, demo, "Publish report", true);
    const dialog = outcomeDialog(page, "Report published");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    const next = dialog.getByRole("link", { name: /Open the report/ });
    await expect(next).toHaveAttribute("href", REPORT_URL);
    await expect(next).toHaveAttribute("target", "_blank");
    await expect(next).toHaveAttribute("rel", "noopener noreferrer");
    await snap(page, testInfo, "next-url");

    const [popup] = await Promise.all([context.waitForEvent("page"), next.click()]);
    await expect.poll(() => popup.url()).toBe(REPORT_URL);
    // noopener: the new tab cannot reach back into the dashboard.
    expect(await popup.evaluate(() => window.opener)).toBeNull();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}$`));
    await expect(dialog).toBeHidden();
  });

  test("download: Download report saves the served CSV under its file name", async ({
    page,
    demo,
  }, testInfo) => {
    await runWorkbookAction(page, demo, "Download report");
    const dialog = outcomeDialog(page, "Report ready");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    const next = dialog.getByRole("link", { name: "Download the report" });
    await expect(next).toHaveAttribute("download", "october-report.csv");
    await snap(page, testInfo, "next-download");

    const [download] = await Promise.all([page.waitForEvent("download"), next.click()]);
    expect(download.suggestedFilename()).toBe("october-report.csv");
    const served = readFileSync(join(process.cwd(), "public/demo/october-report.csv"));
    expect((await bytesOf(download)).equals(served)).toBe(true);
    await expect(dialog).toBeHidden();
  });

  test("files: Export Data downloads the exported CSV, byte for byte", async ({ page, demo }, testInfo) => {
    await runWorkbookAction(page, demo, "Export Data", true);
    const dialog = outcomeDialog(page, "Export ready");
    await expect(dialog).toBeVisible({ timeout: 30_000 });
    const job = await onlyJob(demo.spaceId, "export");
    const next = job.outcome?.next;
    if (next?.type !== "files") throw new Error(`expected a files next step, got ${JSON.stringify(next)}`);
    const fileId = next.files[0]!.fileId;
    const file = await admin.files.get(fileId);
    expect(file.name).toMatch(/^october-report-.+\.csv$/);
    // The button says what it does (the step's label), not the file's name.
    const button = dialog.getByRole("button", { name: "Download the CSV" });
    await expect(button).toBeVisible();
    await snap(page, testInfo, "next-files");

    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toBe(file.name);
    const stored = Buffer.from(await (await admin.files.download(fileId, { as: "blob" })).arrayBuffer());
    expect(stored.length).toBeGreaterThan(0);
    expect((await bytesOf(download)).equals(stored)).toBe(true);
    await expect(dialog).toBeHidden();
  });

  test("snapshot: Take snapshot opens the snapshot it took", async ({ page, demo }, testInfo) => {
    await runSheetMenuAction(page, demo, "Take snapshot");
    const dialog = outcomeDialog(page, "Snapshot taken");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    const next = dialog.getByRole("link", { name: "Go to snapshot" });
    await snap(page, testInfo, "next-snapshot");
    const job = await onlyJob(demo.spaceId, "take-snapshot");
    const step = job.outcome?.next;
    if (step?.type !== "snapshot")
      throw new Error(`expected a snapshot next step, got ${JSON.stringify(step)}`);

    await next.click();
    await expect(page).toHaveURL(
      new RegExp(`/space/${demo.spaceId}/sheets/${demo.sheet.id}/snapshots/${step.snapshotId}$`),
    );
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(dialog).toBeHidden();
    await snap(page, testInfo, "snapshot-page");
  });

  test("view: Contact details only hides columns, one click shows them, and the sheet remembers", async ({
    page,
    demo,
  }, testInfo) => {
    await runSheetMenuAction(page, demo, "Contact details only");
    // No heading from the listener: the action's label names the job.
    const dialog = outcomeDialog(page, "Contact details only finished");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog).toContainText("Complete · Contact details only");
    await expect(dialog).toContainText("Showing 4 of 7 columns.");
    const next = dialog.getByRole("button", { name: "Hide the other columns" });
    await snap(page, testInfo, "next-view");

    await next.click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/sheet/${demo.sheet.id}$`));
    const showAll = page.getByRole("button", { name: "Show 3 hidden columns" });
    await expect(showAll).toBeVisible();
    const header = (name: string) => page.getByRole("columnheader", { name });
    for (const name of ["Company", "Age", "Signup date"]) await expect(header(name)).toHaveCount(0);
    for (const name of ["First name", "Last name", "Email", "Status"])
      await expect(header(name)).toBeVisible();
    await snap(page, testInfo, "view-applied");

    // Remembered per sheet: still hidden after a reload.
    await page.reload();
    await expect(showAll).toBeVisible();
    await expect(header("Company")).toHaveCount(0);

    await showAll.click();
    await expect(showAll).toBeHidden();
    for (const name of ["Company", "Age", "Signup date"]) await expect(header(name)).toBeVisible();
    await page.reload();
    await expect(header("Company")).toBeVisible();
    await expect(page.getByRole("button", { name: /hidden columns?/ })).toHaveCount(0);
  });

  test("retry: Sync to CRM fails, says why, and Try again runs it again to the end", async ({
    page,
    demo,
  }, testInfo) => {
    await runWorkbookAction(page, demo, "Sync to CRM");
    const dialog = outcomeDialog(page, "The CRM did not answer");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog).toHaveAttribute("data-status", "failed");
    await expect(dialog).toContainText("Failed · Sync to CRM");
    await expect(dialog).toContainText(
      "The CRM did not accept the contacts in time, so nothing was sent. Try again.",
    );
    await expect(dialog).not.toContainText("demo");
    const again = dialog.getByRole("button", { name: "Try again" });
    await expect(again).toBeVisible();
    await snap(page, testInfo, "next-retry");
    const job = await onlyJob(demo.spaceId, "sync-crm");
    expect((await admin.jobs.get(job.id)).status).toBe("failed");

    await again.click();
    await expect(dialog).toBeHidden();
    const done = await settled(job.id);
    expect(done.status).toBe("complete");
    expect(done.metadata).toMatchObject({ attempts: 2 });
    expect(done.outcome?.message).toMatch(/on attempt 2\./);
    // The listener was reached twice: the job was made ready twice.
    const { data: ready } = await admin.events.list({
      spaceId: demo.spaceId,
      topic: "job:ready",
      includeAcknowledged: true,
      pageSize: 100,
    });
    expect(ready.filter((event) => event.context.jobId === job.id)).toHaveLength(2);
    // The second attempt's outcome needs no acknowledgement: it shows as a toast, and nothing is left open.
    const toast = page.locator(`[data-slot="toast"][data-job-id="${job.id}"]`);
    await expect(toast).toContainText("Synced");
    await snap(page, testInfo, "retry-succeeded-toast");
    await expect(page.getByRole("alertdialog")).toHaveCount(0);
    await expect(page.getByText(/Could not/)).toHaveCount(0);
  });

  test("wait: a calm waiting state, with a way out", async ({ page, demo }, testInfo) => {
    const job = await userJobOfOwnAction(demo, "e2e-wait");
    await openSignedIn(page, demo.userToken, overviewUrl(demo));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await admin.jobs.complete(job.id, {
      outcome: {
        acknowledge: true,
        heading: "Almost there",
        message: "The records are being delivered.",
        next: { type: "wait", fade: true },
      },
    });
    const dialog = outcomeDialog(page, "Almost there");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    await expect(dialog.locator('[data-slot="outcome-wait"]')).toContainText("Please wait");
    // No link, no button of its own: only the default one, which acknowledges.
    await expect(dialog.getByRole("link")).toHaveCount(0);
    await expect(dialog.getByRole("button")).toHaveText(["Continue"]);
    await snap(page, testInfo, "next-wait");
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(async () => (await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
  });

  test("clearFilters: clears the sheet's filter, search and sort", async ({ page, demo }, testInfo) => {
    const job = await userJobOfOwnAction(demo, "e2e-clear-filters");
    await openSignedIn(page, demo.userToken, `${sheetUrl(demo)}?filter=error&q=x`);
    await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
    await expect(page.locator('[data-slot="record-summary"]')).toContainText("records with errors");
    await admin.jobs.complete(job.id, {
      outcome: {
        acknowledge: true,
        heading: "Filters are in the way",
        message: "Some of the records you asked about are hidden by the filters.",
        next: { type: "clearFilters", sheetIds: [demo.sheet.id] },
      },
    });
    const dialog = outcomeDialog(page, "Filters are in the way");
    await expect(dialog).toBeVisible({ timeout: 15_000 });
    const next = dialog.getByRole("button", { name: "Clear filters" });
    await snap(page, testInfo, "next-clear-filters");
    await next.click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/sheet/${demo.sheet.id}$`));
    await expect(page.locator('[data-slot="record-count"]')).toContainText(/Showing \d+ of \d+ records$/);
    await snap(page, testInfo, "filters-cleared");
  });
});

test("an outcome shows in every tab of the user, and acknowledging it in one closes it in the other", async ({
  context,
  demo,
}, testInfo) => {
  const first = await context.newPage();
  const second = await context.newPage();
  await openSignedIn(first, demo.userToken, overviewUrl(demo));
  await openSignedIn(second, demo.userToken, sheetUrl(demo));
  await expect(first.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(second.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();

  // The user starts a real demo action through the API; the listener finishes it with an acknowledge outcome.
  const user = createClient({ baseUrl, token: demo.userToken });
  const job = await user.jobs.create({
    type: "workbook",
    operation: "open-exports",
    source: demo.workbook.id,
    trigger: "immediate",
  });
  const inFirst = outcomeDialog(first, "Exports");
  const inSecond = outcomeDialog(second, "Exports");
  await expect(inFirst).toBeVisible({ timeout: 15_000 });
  await expect(inSecond).toBeVisible({ timeout: 15_000 });
  await snap(second, testInfo, "second-tab-before");

  await inFirst.getByRole("button", { name: "Continue" }).click();
  await expect(inFirst).toBeHidden();
  // Live, through the job:outcome-acknowledged event: no reload in the second tab.
  await expect(inSecond).toBeHidden();
  expect((await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
  await snap(second, testInfo, "second-tab-after");
});

test("an outcome that arrives while the tab is closed shows when the user comes back, once", async ({
  page,
  demo,
}, testInfo) => {
  const job = await userJobOfOwnAction(demo, "e2e-away");
  await admin.jobs.complete(job.id, {
    outcome: { acknowledge: true, heading: "Import finished", message: "All 60 contacts were imported." },
  });

  await openSignedIn(page, demo.userToken, overviewUrl(demo));
  const dialog = outcomeDialog(page, "Import finished");
  await expect(dialog).toBeVisible();
  await snap(page, testInfo, "on-return");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();

  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Give the jobs list time to load: the acknowledged outcome stays away.
  await expect(page.locator('[data-slot="jobs-button"]')).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(page.getByRole("alertdialog")).toHaveCount(0);
});

test("a job retried after its outcome was acknowledged shows its next outcome too", async ({
  page,
  demo,
}, testInfo) => {
  const job = await userJobOfOwnAction(demo, "e2e-again");
  await openSignedIn(page, demo.userToken, overviewUrl(demo));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await admin.jobs.fail(job.id, { outcome: { acknowledge: true, heading: "First attempt failed" } });
  const first = outcomeDialog(page, "First attempt failed");
  await expect(first).toBeVisible({ timeout: 15_000 });
  await first.getByRole("button", { name: "Continue" }).click();
  await expect(first).toBeHidden();
  await expect.poll(async () => (await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();

  // Retried (from the jobs panel, or by the listener) and failed again: a new outcome, to be read again.
  await admin.jobs.retry(job.id);
  await admin.jobs.fail(job.id, { outcome: { acknowledge: true, heading: "Second attempt failed" } });
  const second = outcomeDialog(page, "Second attempt failed");
  await expect(second).toBeVisible({ timeout: 15_000 });
  await snap(page, testInfo, "second-failure");
  await second.getByRole("button", { name: "Continue" }).click();
  await expect(second).toBeHidden();
});

test.describe("security", () => {
  test("a message is plain text: markup in it is shown, never run", async ({ page, demo }, testInfo) => {
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const message = '<img src=x onerror=alert(1)> and <script>alert("2")</script>';
    const job = await userJobOfOwnAction(demo, "e2e-markup");
    await admin.jobs.complete(job.id, {
      outcome: { acknowledge: true, heading: "<b>Heading</b>", message },
    });
    await openSignedIn(page, demo.userToken, overviewUrl(demo));
    const dialog = outcomeDialog(page, "<b>Heading</b>");
    await expect(dialog).toBeVisible();
    await expect(dialog.locator("#outcome-message")).toHaveText(message);
    await expect(dialog.locator("img, script, b")).toHaveCount(0);
    await snap(page, testInfo, "markup-as-text");
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
  });

  test("the API refuses javascript:, data: and //host addresses and leaves the job as it was", async ({
    demo,
  }) => {
    const job = await userJobOfOwnAction(demo, "e2e-unsafe");
    const before = await admin.jobs.get(job.id);
    const refused = [
      { type: "url", url: "javascript:alert(1)" },
      { type: "url", url: "JavaScript:alert(document.cookie)" },
      { type: "url", url: "data:text/html,<script>alert(1)</script>" },
      { type: "url", url: "//evil.example/report" },
      { type: "download", url: "javascript:alert(1)", fileName: "x.csv" },
      { type: "download", url: "data:text/csv,a,b", fileName: "x.csv" },
      { type: "id", id: demo.spaceId, path: "../../evil" },
    ] as const;
    for (const next of refused) {
      const error = await admin.jobs
        .complete(job.id, { outcome: { acknowledge: true, heading: "Bad", next } })
        .then(
          () => undefined,
          (caught: unknown) => caught,
        );
      expect(error, JSON.stringify(next)).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(400);
    }
    const after = await admin.jobs.get(job.id);
    expect(after.status).toBe(before.status);
    expect(after.outcome).toBeUndefined();
    expect(after.updatedAt).toBe(before.updatedAt);
  });

  test("a javascript: URL written straight into the database is shown as text, never as a link", async ({
    page,
    demo,
  }, testInfo) => {
    const job = await userJobOfOwnAction(demo, "e2e-stored");
    await admin.jobs.complete(job.id, {
      outcome: {
        acknowledge: true,
        heading: "Report published",
        next: { type: "url", url: REPORT_URL, label: "Open the report" },
      },
    });
    // Bypass the API, as a bad row would: the server reads jobs from this file on every request (no cache).
    const db = new Database(join(process.env.E2E_DATA_DIR!, "jobs.db"), { timeout: 10_000 });
    try {
      const changed = db
        .prepare("UPDATE jobs SET data = json_set(data, '$.outcome.next.url', ?) WHERE id = ?")
        .run("javascript:alert(1)", job.id).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }
    const stored = await admin.jobs.get(job.id);
    expect(stored.outcome?.next).toMatchObject({ type: "url", url: "javascript:alert(1)" });

    const dialogs: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await openSignedIn(page, demo.userToken, overviewUrl(demo));
    const dialog = outcomeDialog(page, "Report published");
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('[data-slot="next-step-unsafe"]')).toContainText(
      "Open the report: The link's address is not allowed, so it is not shown as a link.",
    );
    await expect(dialog.getByRole("link")).toHaveCount(0);
    await expect(page.locator('a[href^="javascript" i]')).toHaveCount(0);
    await snap(page, testInfo, "unsafe-as-text");
    // The default button is the way out.
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog).toBeHidden();
    expect(dialogs).toEqual([]);
  });
});

for (const theme of ["light", "dark"] as const) {
  test(`the outcome modal and a toast pass axe (${theme})`, async ({ page, demo }, testInfo) => {
    test.setTimeout(120_000);
    await preferTheme(page, theme);
    const modalJob = await userJobOfOwnAction(demo, "e2e-axe-modal");
    const toastJob = await userJobOfOwnAction(demo, "e2e-axe-toast");
    await openSignedIn(page, demo.userToken, overviewUrl(demo));
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

    await admin.jobs.fail(modalJob.id, {
      outcome: {
        acknowledge: true,
        heading: "The upload failed",
        message: "The file was larger than the limit.\nTry a smaller one.",
        next: { type: "id", id: demo.spaceId, path: "files", label: "See files" },
      },
    });
    const dialog = outcomeDialog(page, "The upload failed");
    await expect(dialog).toBeVisible();
    await expectNoSeriousViolations(page, `the outcome modal (${theme})`);
    await snap(page, testInfo, `modal-${theme}`);
    await dialog.getByRole("button", { name: "Continue" }).click();
    await expect(dialog).toBeHidden();

    // Without acknowledge, the user's own job ends with a toast carrying the next step.
    await admin.jobs.complete(toastJob.id, {
      outcome: {
        heading: "Exported",
        message: "60 contacts went to the warehouse.",
        next: { type: "id", id: demo.spaceId, path: "files", query: "mode=export", label: "See exports" },
      },
    });
    const toast = page.locator(`[data-slot="toast"][data-job-id="${toastJob.id}"]`);
    await expect(toast).toBeVisible({ timeout: 15_000 });
    // Hovering keeps the toast open while axe looks at it.
    await toast.hover();
    await expect(toast.getByRole("link", { name: "See exports" })).toHaveAttribute(
      "href",
      `/space/${demo.spaceId}/files?mode=export`,
    );
    await expectNoSeriousViolations(page, `a toast (${theme})`);
    await snap(page, testInfo, `toast-${theme}`);
    await toast.getByRole("link", { name: "See exports" }).click();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/files\\?mode=export$`));
  });
}
