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

/** Jobs no listener runs (the demo listener knows no "custom-*" operation): they stay queued until canceled. */
async function queuedJobs(demo: DemoSpace, operations: string[]) {
  const jobs = [];
  for (const operation of operations)
    jobs.push(
      await admin.jobs.create({
        type: "workbook",
        operation,
        source: demo.workbook.id,
        spaceId: demo.spaceId,
        trigger: "immediate",
      }),
    );
  return jobs;
}

test.describe("operator jobs table", () => {
  test("the environment's table names each job's space and source, and says how finished jobs ended", async ({
    page,
    demo,
  }, testInfo) => {
    const [queued] = await queuedJobs(demo, ["custom-space"]);
    const [failed] = await queuedJobs(demo, ["custom-failed"]);
    await admin.jobs.ack(failed!.id, { info: "Sending batch 3 of 3", progress: 90 });
    await admin.jobs.fail(failed!.id, { outcome: { heading: "The CRM refused the batch" } });
    const space = await admin.spaces.get(demo.spaceId);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.operatorToken, "/jobs?q=custom-");
    const table = page.getByRole("table", { name: "Jobs" });
    await expect(table.getByRole("columnheader", { name: "Space" })).toBeVisible();
    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Custom space (workbook)" }) });
    await expect(row.getByRole("link", { name: space.name })).toBeVisible();
    await expect(row).toContainText(demo.workbook.name);
    await expect(row).not.toContainText(demo.workbook.id);
    await expect(row.getByRole("button", { name: `Copy ID ${queued!.id}` })).toBeVisible();
    const failedRow = table
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "Custom failed (workbook)" }) });
    await expect(failedRow).toContainText("Failed: The CRM refused the batch");
    await expect(failedRow).not.toContainText("Sending batch 3 of 3");
    await expect(failedRow).not.toContainText("90%");
    await expectNoSeriousViolations(page, "the environment's jobs table");
    await snap(page, testInfo, "jobs-table-environment");

    await row.getByRole("link", { name: space.name }).click();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}$`));
  });

  test("filters live in the URL and survive a reload; light and dark pass axe", async ({
    page,
    demo,
  }, testInfo) => {
    await queuedJobs(demo, ["custom-alpha", "custom-beta"]);
    await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs`);
    const table = page.getByRole("table", { name: "Jobs" });
    await expect(table.getByRole("link", { name: "Custom alpha (workbook)" })).toBeVisible();
    await expectNoSeriousViolations(page, "the jobs table (light)");

    // The box follows the URL, which changes just after the click: wait for the state rather than assume it.
    await page.getByRole("checkbox", { name: "Queued" }).click();
    await expect(page.getByRole("checkbox", { name: "Queued" })).toBeChecked();
    await page.getByRole("combobox", { name: "Type" }).selectOption("workbook");
    await page.getByRole("searchbox", { name: "Search" }).fill("beta");
    await expect(page).toHaveURL(/status=ready/);
    await expect(page).toHaveURL(/type=workbook/);
    await expect(page).toHaveURL(/q=beta/);
    await expect(table.getByRole("row")).toHaveCount(2); // the header and the beta job

    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Queued" })).toBeChecked();
    await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("beta");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("link", { name: "Custom beta (workbook)" })).toBeVisible();
    await snap(page, testInfo, "jobs-table-filtered-light");
  });

  test("dark theme passes axe", async ({ page, demo }, testInfo) => {
    await preferTheme(page, "dark");
    await queuedJobs(demo, ["custom-dark"]);
    await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs`);
    await expect(page.getByRole("link", { name: "Custom dark (workbook)" })).toBeVisible();
    await expectNoSeriousViolations(page, "the jobs table (dark)");
    await snap(page, testInfo, "jobs-table-dark");
  });

  test("bulk cancel with the keyboard reaches the server", async ({ page, demo }, testInfo) => {
    const [first, second] = await queuedJobs(demo, ["custom-one", "custom-two"]);
    await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs?status=ready`);
    const table = page.getByRole("table", { name: "Jobs" });
    const firstBox = table.getByRole("checkbox", { name: new RegExp(second!.id) });
    await firstBox.focus();
    await page.keyboard.press("Space");
    // Arrow keys move to the same control of the next row.
    await page.keyboard.press("ArrowDown");
    await expect(table.getByRole("checkbox", { name: new RegExp(first!.id) })).toBeFocused();
    await page.keyboard.press("Space");
    await expect(page.getByText("2 selected")).toBeVisible();

    const cancel = page.getByRole("button", { name: "Cancel 2" });
    await cancel.focus();
    await page.keyboard.press("Enter");
    // Canceling asks first; the safe answer has the focus, so a second Enter changes nothing.
    const ask = page.getByRole("dialog", { name: "Cancel 2 jobs?" });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole("button", { name: "Keep running" })).toBeFocused();
    await snap(page, testInfo, "jobs-table-cancel-confirm");
    await page.keyboard.press("Enter");
    await expect(ask).toBeHidden();
    expect((await admin.jobs.get(first!.id)).status).toBe("ready");
    await expect(cancel).toBeFocused();
    await page.keyboard.press("Enter");
    await ask.getByRole("button", { name: "Cancel 2 jobs" }).focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("status").filter({ hasText: "Canceled 2 of 2 jobs." })).toBeVisible();
    expect((await admin.jobs.get(first!.id)).status).toBe("canceled");
    expect((await admin.jobs.get(second!.id)).status).toBe("canceled");
    await snap(page, testInfo, "jobs-table-bulk-cancel");
  });
});
