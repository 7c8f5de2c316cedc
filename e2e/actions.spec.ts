/**
 * Actions end to end: the demo listener's actions clicked in a real browser, their dialogs checked with axe in both
 * themes and driven by keyboard, and the jobs they create followed to the end through the API.
 */
import type { Locator, Page } from "@playwright/test";
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

/** The jobs of `operation` in the space that someone started (not the scheduler's runs of an hourly action). */
const jobsOf = async (spaceId: string, operation: string) =>
  (await admin.jobs.list({ spaceId, operation })).data.filter((job) => job.createdBy !== "system:scheduler");

/** Waits for the one job of `operation` in the space, then for its end. */
async function finishedJob(spaceId: string, operation: string) {
  await expect.poll(async () => (await jobsOf(spaceId, operation)).length, { timeout: 10_000 }).toBe(1);
  const [job] = await jobsOf(spaceId, operation);
  return settled(job!.id);
}

/** Opens the workbook's "More actions" menu, where every action but the primary one is. */
async function moreActions(page: Page, bar: Locator) {
  await bar.getByRole("button", { name: "More actions" }).click();
  const menu = page.getByRole("menu", { name: "More actions" });
  await expect(menu).toBeVisible();
  return menu;
}

async function openOverview(page: Page, demo: DemoSpace) {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  await expect(bar.getByRole("button", { name: "Export Data" })).toBeVisible();
  return bar;
}

test("Submit: the form reports errors at its fields, then valid input runs the job", async ({
  page,
  demo,
}, testInfo) => {
  const bar = await openOverview(page, demo);
  await snap(page, testInfo, "overview-actions");
  // Two buttons, on one row: the other actions in More actions, then the primary one, rightmost.
  await expect(bar.getByRole("button")).toHaveCount(2);
  await expect(bar.getByRole("button").first()).toHaveAccessibleName("More actions");
  await expect(bar.getByRole("button").last()).toHaveAccessibleName("Export Data");
  const tops = await bar
    .getByRole("button")
    .evaluateAll((buttons) => buttons.map((button) => Math.round(button.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);

  const menu = await moreActions(page, bar);
  await expect(menu.getByRole("menuitem")).toHaveText([
    "Submit",
    "Validate all",
    "See exports",
    "Publish report",
    "Download report",
    "Sync to CRM",
    "Sync to billing",
  ]);
  await snap(page, testInfo, "overview-more-actions");
  await menu.getByRole("menuitem", { name: "Submit" }).click();
  const dialog = page.getByRole("dialog", { name: "Submit" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("radio", { name: "CRM" })).toBeChecked();
  await expect(dialog.getByText("Append the rows to the contacts table")).toBeVisible();
  const batchSize = dialog.getByRole("textbox", { name: "Batch size" });
  await expect(batchSize).toHaveValue("25");

  await batchSize.fill("a lot");
  await dialog.getByRole("button", { name: "Submit" }).click();
  const recipient = dialog.getByRole("textbox", { name: /Send the summary to/ });
  await expect(recipient).toHaveAttribute("aria-invalid", "true");
  await expect(recipient).toBeFocused();
  await expect(dialog.getByText("Enter an email address for Send the summary to")).toBeVisible();
  await expect(dialog.getByText("Batch size must be a number")).toBeVisible();
  await snap(page, testInfo, "submit-form-errors");
  expect(await jobsOf(demo.spaceId, "submit")).toEqual([]);

  // Not an email address, and a batch size below 1: refused at their fields, never sent or replaced.
  await recipient.fill("not-an-email");
  await batchSize.fill("-5");
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(recipient).toBeFocused();
  await expect(recipient).toHaveAccessibleDescription(/Send the summary to must be an email address/);
  await expect(batchSize).toHaveAccessibleDescription(/Batch size must be at least 1$/);
  await expect(batchSize).toHaveValue("-5");
  await snap(page, testInfo, "submit-form-refuses");
  expect(await jobsOf(demo.spaceId, "submit")).toEqual([]);

  await recipient.fill("finance@example.com");
  await batchSize.fill("20");
  await dialog.getByText("Data warehouse").click();
  await dialog.getByRole("button", { name: "Submit" }).click();
  await expect(dialog).toBeHidden();

  const job = await finishedJob(demo.spaceId, "submit");
  expect(job.status).toBe("complete");
  expect(job.input).toMatchObject({
    destination: "warehouse",
    recipient: "finance@example.com",
    batchSize: 20,
    includeInvalid: false,
  });
});

test("Publish report asks for confirmation and runs only when confirmed", async ({
  page,
  demo,
}, testInfo) => {
  const bar = await openOverview(page, demo);
  const trigger = bar.getByRole("button", { name: "More actions" });
  await (await moreActions(page, bar)).getByRole("menuitem", { name: "Publish report" }).click();
  let dialog = page.getByRole("dialog", { name: "Publish report" });
  await expect(dialog).toContainText("Publish a summary of the October contacts on the reporting site.");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect(await jobsOf(demo.spaceId, "publish-report")).toEqual([]);

  await (await moreActions(page, bar)).getByRole("menuitem", { name: "Publish report" }).click();
  dialog = page.getByRole("dialog", { name: "Publish report" });
  await snap(page, testInfo, "confirm-dialog");
  await dialog.getByRole("button", { name: "Publish report" }).click();
  await expect(dialog).toBeHidden();
  const job = await finishedJob(demo.spaceId, "publish-report");
  expect(job).toMatchObject({
    status: "complete",
    type: "workbook",
    source: demo.workbook.id,
    mode: "background",
  });
});

test("a sheet action that needs a selection says why it is disabled", async ({ page, demo }, testInfo) => {
  await openSignedIn(
    page,
    demo.userToken,
    `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`,
  );
  const sheetBar = page.getByRole("group", { name: `Actions for ${demo.sheet.name}` });
  const mark = sheetBar.getByRole("button", { name: "Mark as contacted" });
  await expect(mark).toHaveAttribute("aria-disabled", "true");
  await expect(mark).toHaveAccessibleDescription(/Select at least one record first/);
  // Keyboard users reach it and read the reason in the tooltip too.
  await mark.focus();
  await expect(page.getByRole("tooltip")).toContainText("Select at least one record first");
  await snap(page, testInfo, "sheet-disabled-reason");
  await mark.click({ force: true });
  await page.waitForTimeout(300);
  expect(await jobsOf(demo.spaceId, "mark-contacted")).toEqual([]);

  // The sheet's other actions are in its menu; the workbook's stay above.
  await page.keyboard.press("Escape");
  await sheetBar.getByRole("button", { name: /More actions/ }).click();
  await expect(page.getByRole("menuitem", { name: "Take snapshot" })).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Rows with errors" })).toBeVisible();
  await snap(page, testInfo, "sheet-menu");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("group", { name: `Actions for ${demo.workbook.name}` })).toBeVisible();
});

test("the document page shows the document as text with its action top right", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  await page
    .getByRole("navigation", { name: "Space contents" })
    .getByRole("link", { name: "Getting started" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Getting started" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Try the actions" })).toBeVisible();
  const bar = page.getByRole("group", { name: "Actions for Getting started" });
  await expect(bar.getByRole("button", { name: "Refresh statistics" })).toBeVisible();
  await snap(page, testInfo, "document-page");

  await bar.getByRole("button", { name: "Refresh statistics" }).click();
  const job = await finishedJob(demo.spaceId, "refresh-stats");
  expect(job).toMatchObject({ status: "complete", type: "document", source: demo.documentId });
  await expect(page.getByText(/contacts, \d+ with errors/)).toBeVisible();
});

test("the document's hourly action says so, and its next run waits under Upcoming until Cancel skips it", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/document/${demo.documentId}`);
  const button = page
    .getByRole("group", { name: "Actions for Getting started" })
    .getByRole("button", { name: "Refresh statistics" });
  await expect(button).toHaveAccessibleDescription(/Also runs by itself every hour, on the hour\./);

  // The server's scheduler keeps the next run as a scheduled job of the space.
  await page.locator('[data-slot="jobs-button"]').click();
  const upcoming = page.getByRole("region", { name: "Upcoming (1)" });
  await expect(upcoming).toBeVisible({ timeout: 10_000 });
  const run = upcoming.getByRole("listitem");
  await expect(run).toContainText("Refresh statistics");
  // At the top of the hour the next run is a whole hour away ("in 1 h").
  await expect(run).toContainText(/Runs at .+in \d+ (h|min|s)/);
  await expect(run).toContainText("Repeats every hour, on the hour");
  await expectNoSeriousViolations(page, "the jobs panel with an upcoming run");
  await snap(page, testInfo, "jobs-panel-upcoming");

  const jobId = await run.getAttribute("data-job-id");
  await run.getByRole("button", { name: "Cancel Refresh statistics" }).click();
  await expect(page.getByRole("region", { name: /^Upcoming/ })).toBeHidden();
  expect((await admin.jobs.get(jobId!)).status).toBe("canceled");
});

test("a file's menu runs its action", async ({ page, demo }, testInfo) => {
  const file = await admin.files.get(demo.fileId);
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/files`);
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  await page.getByRole("button", { name: `Actions for ${file.name}` }).click();
  const item = page.getByRole("menuitem", { name: "Inspect file" });
  await expect(item).toBeVisible();
  await snap(page, testInfo, "file-menu");
  await item.click();
  const job = await finishedJob(demo.spaceId, "inspect");
  expect(job).toMatchObject({ status: "complete", type: "file", source: demo.fileId });
  // Its outcome asks to be acknowledged: the modal stays over the page until the user continues.
  const outcome = page.getByRole("alertdialog", { name: file.name });
  await expect(outcome).toContainText(/\d+ rows, \d+ columns/);
  await outcome.getByRole("button", { name: "Continue" }).click();
  await expect(outcome).toBeHidden();

  // The mode filter lives in the URL.
  await page.getByRole("radio", { name: /Exports/ }).click();
  await expect(page).toHaveURL(/mode=export/);
});

for (const theme of ["light", "dark"] as const) {
  test(`the confirm and form dialogs pass axe (${theme})`, async ({ page, demo }, testInfo) => {
    await preferTheme(page, theme);
    const bar = await openOverview(page, demo);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);

    const menu = await moreActions(page, bar);
    await expectNoSeriousViolations(page, `the More actions menu (${theme})`);
    await menu.getByRole("menuitem", { name: "Publish report" }).click();
    const confirm = page.getByRole("dialog", { name: "Publish report" });
    await expect(confirm).toBeVisible();
    await expectNoSeriousViolations(page, `the confirm dialog (${theme})`);
    await snap(page, testInfo, `confirm-${theme}`);
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();

    await (await moreActions(page, bar)).getByRole("menuitem", { name: "Submit" }).click();
    const form = page.getByRole("dialog", { name: "Submit" });
    await form.getByRole("button", { name: "Submit" }).click();
    await expect(form.getByText("Enter an email address for Send the summary to")).toBeVisible();
    await expectNoSeriousViolations(page, `the form dialog with errors (${theme})`);
    await snap(page, testInfo, `form-${theme}`);
    await page.keyboard.press("Escape");

    // Narrow windows: the actions wrap under the title and nothing overflows sideways.
    await page.setViewportSize({ width: 700, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await snap(page, testInfo, `overview-700-${theme}`);
  });
}

test("the form dialog works with the keyboard alone", async ({ page, demo }) => {
  const bar = await openOverview(page, demo);
  // Enter opens More actions on its first item, Submit; Enter again runs it.
  const trigger = bar.getByRole("button", { name: "More actions" });
  await trigger.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Submit" })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Submit" });
  await expect(dialog).toBeVisible();

  // Focus starts on the chosen option; arrows choose another.
  await expect(dialog.getByRole("radio", { name: "CRM" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: "Data warehouse" })).toBeChecked();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("textbox", { name: /Send the summary to/ })).toBeFocused();
  await page.keyboard.type("ops@example.com");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("textbox", { name: "Batch size" })).toBeFocused();
  await page.keyboard.press("Tab");
  const includeInvalid = dialog.getByRole("checkbox", { name: "Include contacts with errors" });
  await expect(includeInvalid).toBeFocused();
  await page.keyboard.press("Space");
  await expect(includeInvalid).toBeChecked();

  // Escape closes without sending, and focus is back on the button.
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(trigger).toBeFocused();
  expect(await jobsOf(demo.spaceId, "submit")).toEqual([]);

  // Enter in a field submits the form.
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Submit" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Tab");
  await page.keyboard.type("ops@example.com");
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  const job = await finishedJob(demo.spaceId, "submit");
  expect(job.input).toMatchObject({ destination: "crm", recipient: "ops@example.com", batchSize: 25 });
});

test("while Validate all runs, every action of the workbook waits for it", async ({
  page,
  demo,
}, testInfo) => {
  const bar = await openOverview(page, demo);
  await (await moreActions(page, bar)).getByRole("menuitem", { name: "Validate all" }).click();
  const exportData = bar.getByRole("button", { name: "Export Data" });
  await expect(exportData).toHaveAttribute("aria-disabled", "true");
  await expect(exportData).toHaveAccessibleDescription(/^Wait for “Validate all” to finish/);
  const menu = await moreActions(page, bar);
  const publish = menu.getByRole("menuitem", { name: "Publish report" });
  await expect(publish).toHaveAttribute("aria-disabled", "true");
  await expect(publish).toHaveAccessibleDescription("Wait for “Validate all” to finish");
  await page.keyboard.press("Escape");
  await expect(
    page.getByRole("status").filter({ hasText: "Wait for “Validate all” to finish" }),
  ).toBeAttached();
  // The disabled primary stays readable when hovered (it looks as it does unhovered).
  const look = () =>
    exportData.evaluate((button) => {
      const style = getComputedStyle(button);
      return [style.backgroundColor, style.color, style.borderStyle];
    });
  const unhovered = await look();
  await exportData.hover();
  expect(await look()).toEqual(unhovered);
  expect(unhovered[2]).toBe("dashed");
  await snap(page, testInfo, "workbook-blocked");
  const job = await finishedJob(demo.spaceId, "validate-all");
  expect(job.status).toBe("complete");
  await expect(exportData).not.toHaveAttribute("aria-disabled");
});

test("Rows with errors: from the sheet's menu to the outcome and its CSV", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(
    page,
    demo.userToken,
    `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`,
  );
  const sheetBar = page.getByRole("group", { name: `Actions for ${demo.sheet.name}` });
  await sheetBar.getByRole("button", { name: /More actions/ }).click();
  await page.getByRole("menuitem", { name: "Rows with errors" }).click();

  const job = await finishedJob(demo.spaceId, "export-errors");
  expect(job.status).toBe("complete");
  const dialog = page.getByRole("alertdialog", { name: "Contacts with errors" });
  await expect(dialog).toContainText("6 contacts have an error");
  await snap(page, testInfo, "rows-with-errors-outcome");
  const download = page.waitForEvent("download");
  await dialog.getByRole("button", { name: "Download the CSV" }).click();
  expect((await download).suggestedFilename()).toMatch(/^contacts-with-errors-\d{4}-\d{2}-\d{2}\.csv$/);
  await expect(dialog).toBeHidden();
  expect((await admin.jobs.get(job.id)).outcomeAcknowledgedAt).toBeTruthy();
});
