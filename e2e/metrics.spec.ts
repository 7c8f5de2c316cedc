/**
 * The Metrics page after a burst of jobs with failures, against the real server (needs `GET /v1/metrics/jobs`):
 * jobs of one operation created through the API, some completed and some failed, then the space's user opens the
 * page filtered to that operation and reads the counts in the summary and the data table; an operator opens the
 * page from the spaces list and narrows it to the space, the last hour and the operation; axe in both themes and screenshots (1440 light, 390 dark).
 */
import type { Page } from "@playwright/test";
import { admin, expect, expectNoSeriousViolations, openSignedIn, preferTheme, snap, test } from "./fixtures";

/** An operation no listener runs: the test plays the listener itself. */
const OPERATION = "metrics-burst";

/** Creates `completed + failed` jobs in the space and ends them as told. */
async function burst(
  spaceId: string,
  workbookId: string,
  { completed, failed }: { completed: number; failed: number },
) {
  const jobs = await Promise.all(
    Array.from({ length: completed + failed }, () =>
      admin.jobs.create({
        type: "workbook",
        operation: OPERATION,
        source: workbookId,
        spaceId,
        trigger: "immediate",
      }),
    ),
  );
  await Promise.all(
    jobs.map(async (job, index) => {
      await admin.jobs.ack(job.id, { info: "Counting" });
      if (index < completed) await admin.jobs.complete(job.id, { outcome: { message: "Counted" } });
      else await admin.jobs.fail(job.id, { outcome: { message: "The burst fails this one" } });
    }),
  );
}

/** The sum of a column of the throughput table (jobs of a burst may straddle two buckets). */
async function columnSum(page: Page, column: number): Promise<number> {
  const table = page.getByRole("region", { name: "Throughput: data table" }).getByRole("table");
  const cells = await table.locator(`tbody tr td:nth-of-type(${column})`).allTextContents();
  return cells.reduce((sum, text) => sum + Number(text.replace(/\D/g, "") || 0), 0);
}

test("the metrics page after a burst of jobs with failures shows their counts (user, 1440 px, light)", async ({
  page,
  demo,
}, testInfo) => {
  await burst(demo.spaceId, demo.workbook.id, { completed: 5, failed: 3 });
  await preferTheme(page, "light");
  await page.setViewportSize({ width: 1440, height: 900 });
  await openSignedIn(page, demo.userToken, `/jobs/metrics?range=1h&operation=${OPERATION}`);

  await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();
  const throughput = page.getByRole("region", { name: "Throughput" });
  await expect(throughput).toContainText("8 created, 5 completed, 3 failed, 0 canceled.");
  await expect(page.getByRole("region", { name: "Failure rate" })).toContainText(
    "Failed of the jobs that ended: 37.5 %.",
  );
  // A user sees their own space: there is no space to pick.
  await expect(page.getByLabel("Space", { exact: true })).toHaveCount(0);

  await throughput.getByRole("button", { name: "Data table" }).click();
  await expect(throughput.getByRole("button", { name: "Data table" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  expect(await columnSum(page, 1)).toBe(8);
  expect(await columnSum(page, 2)).toBe(5);
  expect(await columnSum(page, 3)).toBe(3);
  await snap(page, testInfo, "metrics-1440-light");
  await expectNoSeriousViolations(page, "the Metrics page (light)");
});

test("an operator opens the metrics from the spaces list and narrows them to the burst's space (390 px, dark)", async ({
  page,
  demo,
}, testInfo) => {
  await burst(demo.spaceId, demo.workbook.id, { completed: 2, failed: 2 });
  await preferTheme(page, "dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await openSignedIn(page, demo.operatorToken, "/");
  await page.getByRole("link", { name: "Metrics", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Metrics" })).toBeVisible();

  await expect(page.getByLabel("Space", { exact: true })).toHaveValue("");

  // The space by its link (the spaces list of a long run can hold more than the picker's first page).
  await openSignedIn(page, demo.operatorToken, `/jobs/metrics?space=${demo.spaceId}`);
  await expect(page.getByLabel("Space", { exact: true })).toHaveValue(demo.spaceId);
  await page.getByLabel("Range", { exact: true }).selectOption({ label: "Last hour" });
  await page.getByLabel("Operation", { exact: true }).selectOption(OPERATION);
  await expect(page).toHaveURL(/range=1h/);
  await expect(page).toHaveURL(new RegExp(`space=${demo.spaceId}`));
  await expect(page.getByRole("region", { name: "Throughput" })).toContainText(
    "4 created, 2 completed, 2 failed, 0 canceled.",
  );
  await snap(page, testInfo, "metrics-390-dark");
  await expectNoSeriousViolations(page, "the Metrics page (dark)");
});
