/**
 * Automatic retries in the dashboard, against the real server (maintenance every second, and sooner for a due
 * attempt) and the real demo listener: the demo's "Sync to billing" meets a busy service on its first two attempts
 * and its retry policy (3 attempts, 2 s apart) runs it again. The panel counts the attempts down while the job waits,
 * and the job detail lists each attempt, with a link to its own log lines. Axe and screenshots.
 */
import type { Page } from "@playwright/test";
import { admin, expect, expectNoSeriousViolations, openSignedIn, settled, snap, test } from "./fixtures";

const jobsButton = (page: Page) => page.locator('[data-slot="jobs-button"]');

test("a failing action with retries shows its attempts in the panel and in the job's detail", async ({
  page,
  demo,
}, testInfo) => {
  test.setTimeout(90_000);
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  await expect(bar.getByRole("button", { name: "Export Data" })).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  await bar.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menuitem", { name: "Sync to billing" }).click();
  await expect(jobsButton(page)).toHaveAccessibleName(/Jobs, 1 running/);
  await jobsButton(page).click();
  const panel = page.getByRole("dialog", { name: "Jobs" });
  await expect(panel).toBeVisible();

  // Between two attempts: an upcoming item that counts down to the next one, with why the last one failed.
  const waiting = panel.locator('[data-slot="retrying-job"]');
  await expect(waiting.locator('[data-slot="job-attempt"]')).toHaveText(
    /^Attempt [23] of 3, (next in [12] s|starting…)$/,
    { timeout: 15_000 },
  );
  await expect(waiting).toContainText("Waiting to retry");
  await expect(waiting).toContainText("failed: The billing service was busy, so nothing was sent.");
  await snap(page, testInfo, "panel-waiting-to-retry");
  const jobId = await waiting.getAttribute("data-job-id");
  expect(jobId).toBeTruthy();

  const done = await settled(jobId!, 30_000);
  expect(done).toMatchObject({ status: "complete", attempt: 3, maxAttempts: 3 });
  expect(done.attempts?.map((attempt) => attempt.attempt)).toEqual([1, 2]);
  // Each failed attempt waited its 2 s before the next one started.
  const [first, second] = done.attempts!;
  expect(Date.parse(second!.startedAt!) - Date.parse(first!.finishedAt!)).toBeGreaterThanOrEqual(2_000);
  // Listeners heard of no failure: the job never failed for good.
  const { data: events } = await admin.events.list({
    spaceId: demo.spaceId,
    topic: "job:*",
    includeAcknowledged: true,
    pageSize: 200,
  });
  const topics = events.filter((event) => event.context.jobId === jobId).map((event) => event.topic);
  expect(topics.filter((topic) => topic === "job:scheduled")).toHaveLength(2);
  expect(topics).not.toContain("job:failed");
  await expect(panel.locator('[data-slot="retrying-job"]')).toHaveCount(0);
  await page.keyboard.press("Escape");

  // The detail: one row per attempt, how it ended and why, and each attempt's own log lines.
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/jobs/${jobId}`);
  const attempts = page.getByRole("region", { name: "Attempts" });
  await expect(attempts).toBeVisible();
  await expect(attempts).toContainText("Attempt 3 of 3 · retries every 2 s");
  const rows = attempts.locator('[data-slot="job-attempt-row"]');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Failed");
  await expect(rows.nth(0)).toContainText("The billing service was busy, so nothing was sent.");
  await expect(rows.nth(2)).toContainText("Complete");
  await expect(page.locator('[data-slot="job-detail-status"]')).toHaveText("Complete");

  await rows.nth(1).getByRole("link", { name: "Log lines of attempt 2" }).click();
  const lines = page.getByRole("region", { name: "Log lines" }).locator('[data-slot="job-log-line"]');
  await expect(lines).toHaveCount(2);
  await expect(lines.nth(0)).toContainText("Connecting to the billing service (attempt 2)");
  await expect(lines.nth(1)).toContainText("The billing service answered 503: busy");
  await expect(page.getByRole("combobox", { name: "Attempt" })).toHaveValue("2");
  expect(new URL(page.url()).searchParams.get("logAttempt")).toBe("2");
  await attempts.scrollIntoViewIfNeeded();
  await snap(page, testInfo, "detail-attempts");
  await expectNoSeriousViolations(page, "the job detail's attempts and logs");

  // All attempts again: the third attempt's lines follow the others.
  await page.getByRole("combobox", { name: "Attempt" }).selectOption({ label: "All attempts" });
  await expect(lines.last()).toContainText("The billing service accepted the contacts");
});
