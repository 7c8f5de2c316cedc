/**
 * Job logs in the dashboard, against the real server and the real demo listener: a running export's lines arrive in
 * its detail while it runs (read after each `job:logs-appended` event), the level filter and the search narrow them
 * (kept in the URL), the overlay's Details opens the detail on them, and axe and screenshots at 390 px in both themes.
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

const jobUrl = (demo: DemoSpace, jobId: string) => `/space/${demo.spaceId}/jobs/${jobId}`;

/** The demo's "Export Data": about six seconds, a log line per step and a warning for the contacts with errors. */
const startExport = (demo: DemoSpace, mode: "foreground" | "background") =>
  admin.jobs.create({
    type: "workbook",
    operation: "export",
    source: demo.workbook.id,
    trigger: "immediate",
    mode,
  });

const logLines = (page: Page) =>
  page.getByRole("region", { name: "Log lines" }).locator('[data-slot="job-log-line"]');

for (const theme of ["light", "dark"] as const) {
  test(`a running job's detail shows its log lines live, filtered by level and searched (390 px, ${theme})`, async ({
    page,
    demo,
  }, testInfo) => {
    test.setTimeout(90_000);
    await preferTheme(page, theme);
    await page.setViewportSize({ width: 390, height: 844 });
    // The reads that follow the log: lines after the last one the page has.
    const follows: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.endsWith("/logs") && url.searchParams.has("after")) follows.push(url.search);
    });
    const job = await startExport(demo, "background");
    await openSignedIn(page, demo.userToken, jobUrl(demo, job.id));
    const logs = page.getByRole("region", { name: "Logs" });
    await expect(logs).toBeVisible();
    await expect(page.locator('[data-slot="job-detail-status"]')).toHaveText("Running");

    // The lines come while the job runs, each batch read after the event that announced it.
    await expect(logLines(page).filter({ hasText: "Read 60 contacts from Contacts" })).toBeVisible();
    await expect(logLines(page).filter({ hasText: /^.*Uploaded october-report-/ })).toBeVisible({
      timeout: 20_000,
    });
    expect(follows.length).toBeGreaterThan(0);
    await expect(page.locator('[data-slot="job-detail-status"]')).toHaveText("Complete");
    const all = await logLines(page).count();
    expect(all).toBeGreaterThanOrEqual(8);
    await expect(page.locator('[data-slot="job-logs-summary"]')).toHaveText(`${all} lines`);
    // The timeline folds nothing of the log into rows of its own.
    await expect(page.locator('[data-slot="job-timeline"] > li[data-topic="job:logs-appended"]')).toHaveCount(
      0,
    );
    await logs.scrollIntoViewIfNeeded();
    await snap(page, testInfo, `job-logs-390-${theme}`);
    await expectNoSeriousViolations(page, `the job's logs (${theme})`);

    await page.getByLabel("Level").selectOption({ label: "Warning and worse" });
    await expect(logLines(page)).toHaveCount(1);
    await expect(logLines(page).first()).toHaveAttribute("data-level", "warn");
    await expect(logLines(page).first()).toContainText(/Warning\s*\d+ contacts have errors/);
    expect(new URL(page.url()).searchParams.get("logLevel")).toBe("warn");

    await page.getByLabel("Level").selectOption({ label: "All levels" });
    await page.getByLabel("Search").fill("formatted");
    await expect(logLines(page)).toHaveCount(5);
    await expect(page.locator('[data-slot="job-logs-summary"]')).toHaveText("5 lines match");
    expect(new URL(page.url()).searchParams.get("logQuery")).toBe("formatted");

    // The URL keeps the search: a reload shows the same lines.
    await page.reload();
    await expect(page.getByLabel("Search")).toHaveValue("formatted");
    await expect(logLines(page)).toHaveCount(5);
  });
}

test("the overlay's Details opens the running job's detail on its log lines", async ({ page, demo }) => {
  await openSignedIn(
    page,
    demo.userToken,
    `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`,
  );
  await expect(page.getByRole("heading", { level: 1, name: demo.sheet.name })).toBeVisible();
  const job = await startExport(demo, "foreground");
  const overlay = page.getByRole("region", { name: "Export Data" });
  await overlay.getByRole("link", { name: "Details" }).click();
  await expect(page).toHaveURL(new RegExp(`/jobs/${job.id}#logs$`));
  const logs = page.getByRole("region", { name: "Logs" });
  await expect(logs).toBeFocused();
  await expect(logs).toBeInViewport();
  await expect(logLines(page).filter({ hasText: "Read 60 contacts from Contacts" })).toBeVisible();
  expect((await settled(job.id)).status).toBe("complete");
});
