/**
 * "Run again with changes" end to end: a finished Submit job of the demo listener, run again from its detail page
 * with one field changed; the new job runs, and the two pages link to each other. Checked with axe, in both themes,
 * at a phone's width and a desktop's.
 */
import type { Locator, Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import {
  admin,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  settled,
  snap,
  test,
} from "./fixtures";

const SHOTS = "/tmp/shots-rerun";

/**
 * Saves the page at both widths (as a test artifact, and into SHOTS), ending at the desktop's; `show` is scrolled
 * into view first (the page scrolls inside its main area, which a full-page shot does not unroll).
 */
async function shootBothWidths(
  page: Page,
  testInfo: Parameters<typeof snap>[1],
  name: string,
  show?: Locator,
) {
  mkdirSync(SHOTS, { recursive: true });
  for (const width of [390, 1440]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await show?.scrollIntoViewIfNeeded();
    await snap(page, testInfo, `${name}-${width}`);
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
}

for (const theme of ["light", "dark"] as const) {
  test(`run a finished job again with a changed field, and follow the links both ways (${theme})`, async ({
    page,
    demo,
  }, testInfo) => {
    const input = {
      destination: "warehouse",
      recipient: "ops@example.com",
      batchSize: 10,
      includeInvalid: false,
      note: "First run",
    };
    const created = await admin.jobs.create({
      type: "workbook",
      operation: "submit",
      source: demo.workbook.id,
      trigger: "immediate",
      input,
    });
    const old = await settled(created.id);
    expect(old.status).toBe("complete");

    await preferTheme(page, theme);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/jobs/${old.id}`);
    const button = page.getByRole("button", { name: "Run again with changes" });
    await button.click();

    // The action's own form, holding what the job ran with.
    const dialog = page.getByRole("dialog", { name: "Run “Submit” again" });
    await expect(dialog).toContainText(`The form holds what job ${old.id} ran with`);
    await expect(dialog.getByRole("radio", { name: /Data warehouse/ })).toBeChecked();
    await expect(dialog.getByRole("textbox", { name: /Send the summary to/ })).toHaveValue("ops@example.com");
    const batchSize = dialog.getByRole("textbox", { name: /Batch size/ });
    await expect(batchSize).toHaveValue("10");
    await expect(dialog.getByRole("textbox", { name: /Note/ })).toHaveValue("First run");
    await expectNoSeriousViolations(page, `the run-again form (${theme})`, '[role="dialog"]');
    await shootBothWidths(page, testInfo, `rerun-form-${theme}`);

    // Checked before it is sent; then sent with the change.
    await batchSize.fill("0");
    await dialog.getByRole("button", { name: "Submit" }).click();
    await expect(batchSize).toBeFocused();
    await expect(batchSize).toHaveAttribute("aria-invalid", "true");
    expect((await admin.jobs.list({ rerunOf: old.id })).data).toEqual([]);
    await batchSize.fill("20");
    await batchSize.press("Enter");

    // The new job's page, with focus on what happened; the job runs to its end there.
    const started = page.locator('[data-slot="job-rerun-started"]');
    await expect(started).toBeFocused();
    await expect(started).toContainText(`this new job runs ${old.id} again with your changes`);
    const [again] = (await admin.jobs.list({ rerunOf: old.id })).data;
    expect(again).toMatchObject({ rerunOf: old.id, input: { ...input, batchSize: 20 } });
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/jobs/${again!.id}$`));
    const detail = page.locator('[data-slot="job-detail"]');
    await expect(detail).toHaveAttribute("data-job-id", again!.id);
    await expect(detail).toHaveAttribute("data-status", "complete", { timeout: 30_000 });
    // Submit's outcome asks to be read: it opens over the page once the job ends, as for any run of the action.
    const outcome = page.getByRole("alertdialog", { name: "Submitted" });
    await expect(outcome).toContainText("of up to 20");
    await outcome.getByRole("button", { name: "Continue" }).click();
    await expect(outcome).toBeHidden();
    await expect(page.locator(".job-outcome-message")).toContainText("of up to 20");
    const related = page.locator('[data-slot="job-links"]');
    await expect(related.getByText("Run again from")).toBeVisible();
    await expectNoSeriousViolations(page, `the new job's detail (${theme})`);
    await shootBothWidths(page, testInfo, `rerun-new-job-${theme}`, related);

    // Back to the old job, which links forward to the new one.
    await related.getByRole("link", { name: old.id }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${old.id}$`));
    const forward = page.getByRole("list", { name: "Run again as" });
    await expect(forward.getByRole("link", { name: again!.id })).toBeVisible();
    await expect(page.locator('[data-slot="job-rerun-started"]')).toHaveCount(0);
    await expectNoSeriousViolations(page, `the old job's detail (${theme})`);
    await shootBothWidths(page, testInfo, `rerun-old-job-${theme}`, forward);
    await forward.getByRole("link", { name: again!.id }).click();
    await expect(detail).toHaveAttribute("data-job-id", again!.id);
  });
}
