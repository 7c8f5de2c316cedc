/**
 * User flows that run unchanged on both Playwright projects: against the real server ("chromium") and in mock mode
 * served by a plain static file server ("mock"). What differs between the two is in flow-fixtures.ts only.
 */
import { expect, test, type FlowJob } from "./flow-fixtures";

const workbookPath = (spaceId: string) => `/space/${spaceId}`;

/** Waits until the space has a job of `operation` that is final; answers it. */
async function finishedJob(
  jobs: () => Promise<FlowJob[]>,
  operation: string,
  timeout = 30_000,
): Promise<FlowJob> {
  let found: FlowJob | undefined;
  await expect
    .poll(
      async () => {
        found = (await jobs()).find((job) => job.operation === operation);
        return found?.status;
      },
      { timeout, message: `a ${operation} job that finished` },
    )
    .toMatch(/^(complete|failed|canceled)$/);
  return found!;
}

test("an end user opens the demo space from a link and sees the workbook with 60 contacts", async ({
  page,
  backend,
}) => {
  const demo = await backend.createDemoSpace("Flows: open from a link");
  await backend.open(workbookPath(demo.spaceId), demo.userToken);
  await expect(page.getByRole("heading", { level: 1, name: "October Report Workbook" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Contacts/ })).toContainText("60");
});

test("a workbook action with no confirmation runs, and its job is finished in the Jobs panel", async ({
  page,
  backend,
}) => {
  const demo = await backend.createDemoSpace("Flows: background action");
  await backend.open(workbookPath(demo.spaceId), demo.userToken);
  await page.getByRole("button", { name: "More actions" }).click();
  await page.getByRole("menuitem", { name: "See exports", exact: true }).click();

  const job = await finishedJob(() => backend.jobs(demo.spaceId), "open-exports");
  expect(job.status).toBe("complete");

  // The outcome asks to be acknowledged: its modal stays in front of everything until its button is clicked.
  const outcome = page.getByRole("alertdialog", { name: "Exports" });
  await outcome.getByRole("button", { name: "Continue" }).click();
  await expect(outcome).toBeHidden();

  await page.getByRole("button", { name: /^Jobs\b/ }).click();
  const panel = page.getByRole("dialog", { name: "Jobs" });
  await expect(panel).toBeVisible();
  await expect(panel.locator(`[data-job-id="${job.id}"]`)).toHaveAttribute("data-status", "complete");
});

test("a foreground action covers the workbook with an overlay that shows its progress", async ({
  page,
  backend,
}) => {
  const demo = await backend.createDemoSpace("Flows: foreground action");
  await backend.open(workbookPath(demo.spaceId), demo.userToken);
  await page.getByRole("button", { name: "Export Data", exact: true }).click();
  const confirm = page.getByRole("dialog", { name: "Export Data" });
  await confirm.getByRole("button", { name: "Export Data", exact: true }).click();

  const progress = page.getByRole("progressbar", { name: "Export Data progress" });
  await expect(progress).toBeVisible();
  // The export reports its progress in steps over about six seconds: the bar moves past its start.
  await expect
    .poll(async () => Number(await progress.getAttribute("aria-valuenow")), { timeout: 15_000 })
    .toBeGreaterThan(5);
  await expect(page.locator('[data-slot="job-overlay-info"]')).toContainText(/contacts|Writing|Uploading/);

  const job = await finishedJob(() => backend.jobs(demo.spaceId), "export");
  expect(job.status).toBe("complete");
  await expect(progress).toBeHidden();
});

test("rows are deleted from the grid and Undo brings them back; a bulk edit previews and applies", async ({
  page,
  backend,
}) => {
  const demo = await backend.createDemoSpace("Flows: grid tools");
  await backend.open(
    `/space/${demo.spaceId}/workbook/${demo.workbookId}/sheet/${demo.sheetId}`,
    demo.userToken,
  );
  const grid = page.getByRole("grid", { name: "Records" });
  const summary = page.locator('[data-slot="record-summary"]');
  await expect(summary).toContainText("Showing 60 of 60 records");

  await grid.getByRole("checkbox", { name: "Select row 1", exact: true }).click();
  await grid.getByRole("checkbox", { name: "Select row 2", exact: true }).click({ modifiers: ["Shift"] });
  await page.getByRole("button", { name: "Delete 2 records" }).click();
  await page
    .getByRole("alertdialog", { name: "Delete 2 records from Contacts?" })
    .getByRole("button", { name: "Delete 2 records" })
    .click();
  const deleted = await finishedJob(() => backend.jobs(demo.spaceId), "delete-records");
  expect(deleted.status).toBe("complete");
  await expect(summary).toContainText("of 58 records");
  await page.getByRole("button", { name: "Undo" }).click();
  await expect(summary).toContainText("of 60 records");

  await page.getByRole("button", { name: "Bulk edit" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Bulk edit" });
  await dialog.getByLabel("Field").selectOption({ label: "First name" });
  await dialog.getByLabel("Change").selectOption({ label: "UPPERCASE" });
  await expect(dialog.getByRole("table")).toContainText("AMELIA");
  await dialog.getByRole("button", { name: /^Apply/ }).click();
  const edited = await finishedJob(() => backend.jobs(demo.spaceId), "mutate-records");
  expect(edited.status).toBe("complete");
  await expect(grid.locator('[data-row="0"][data-col="1"]')).toHaveText(/^[A-Z]+$/);
});
