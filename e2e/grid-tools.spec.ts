import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
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

const sheetPath = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

async function openSheet(page: Page, demo: DemoSpace, query = ""): Promise<Locator> {
  await openSignedIn(page, demo.userToken, `${sheetPath(demo)}${query}`);
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  return grid;
}

const rowCheck = (grid: Locator, row: number) =>
  grid.getByRole("checkbox", { name: `Select row ${row}`, exact: true });
const summary = (page: Page) => page.locator('[data-slot="record-summary"]');
const toastTitle = (page: Page, text: string | RegExp) =>
  page.locator('[data-slot="toast-title"]').filter({ hasText: text });

/** Every record of the demo sheet, by id, as the API has it now. */
async function recordsNow(demo: DemoSpace) {
  const { records } = await admin.records.get(demo.sheet.id, { pageSize: 1_000 });
  return new Map(records.map((record) => [record.id, record.values]));
}

const valuesOf = (values: Map<string, Record<string, { value?: unknown }>>, key: string) =>
  new Map([...values].map(([id, cells]) => [id, cells[key]?.value ?? null]));

/** Where the outcome of the job just finished is shown, with its Undo. */
const outcome = (page: Page) =>
  page
    .locator('[role="dialog"], [role="alertdialog"], [role="status"], [role="region"] li')
    .filter({ has: page.getByRole("button", { name: "Undo" }) })
    .last();

test("select rows, delete them after a confirm, and Undo brings the same records back", async ({
  page,
  demo,
}, testInfo) => {
  const before = await recordsNow(demo);
  expect(before.size).toBe(60);
  const grid = await openSheet(page, demo);
  await rowCheck(grid, 1).click();
  await rowCheck(grid, 3).click({ modifiers: ["Shift"] });
  await expect(summary(page)).toContainText("3 selected");

  await page.getByRole("button", { name: "Delete 3 records" }).click();
  const confirm = page.getByRole("alertdialog", { name: "Delete 3 records from Contacts?" });
  await expect(confirm).toBeVisible();
  await expectNoSeriousViolations(page, "the delete confirmation");
  await snap(page, testInfo, "grid-delete-confirm");
  await confirm.getByRole("button", { name: "Delete 3 records" }).click();

  await expect(outcome(page)).toBeVisible({ timeout: 15_000 });
  await expect(outcome(page)).toContainText("3 records deleted from Contacts");
  await expect(summary(page)).toContainText("of 57 records");
  expect((await recordsNow(demo)).size).toBe(57);
  await snap(page, testInfo, "grid-delete-outcome");

  await outcome(page).getByRole("button", { name: "Undo" }).click();
  await expect(toastTitle(page, "Restored 3 records")).toBeVisible();
  await expect(summary(page)).toContainText("of 60 records");
  const after = await recordsNow(demo);
  expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
  expect(valuesOf(after, "email")).toEqual(valuesOf(before, "email"));
});

test("find and replace shows what will change before it runs, then Undo puts the cells back", async ({
  page,
  demo,
}, testInfo) => {
  const before = await recordsNow(demo);
  const globex = [...valuesOf(before, "company").values()].filter((company) => company === "Globex").length;
  expect(globex).toBeGreaterThan(1);
  await openSheet(page, demo);

  await page.getByRole("button", { name: "Find and replace" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Find and replace" });
  // Nothing is sent until the form is complete: the missing field and text are said in words.
  await dialog.getByRole("button", { name: "Replace" }).click();
  await expect(dialog.getByText("Choose the field", { exact: false })).toBeVisible();

  await dialog.getByLabel("Field").selectOption({ label: "Company" });
  await dialog.getByLabel("Find").fill("Globex");
  await dialog.getByLabel("Replace with").fill("Globex Corporation");
  await expect(dialog.getByText(`${globex} cells in ${globex} records will change.`)).toBeVisible();
  await expect(dialog.getByRole("table")).toContainText("Globex Corporation");
  await expectNoSeriousViolations(page, "the find and replace dialog");
  await snap(page, testInfo, "grid-find-replace-preview");
  await dialog.getByRole("button", { name: "Replace" }).click();

  await expect(outcome(page)).toBeVisible({ timeout: 15_000 });
  const replaced = valuesOf(await recordsNow(demo), "company");
  expect([...replaced.values()].filter((company) => company === "Globex Corporation")).toHaveLength(globex);
  expect([...replaced.values()].filter((company) => company === "Globex")).toHaveLength(0);

  await outcome(page).getByRole("button", { name: "Undo" }).click();
  await expect(toastTitle(page, /Undone|Restored/)).toBeVisible();
  expect(valuesOf(await recordsNow(demo), "company")).toEqual(valuesOf(before, "company"));
});

test("bulk edit previews the first rows before and after, then edits every record shown", async ({
  page,
  demo,
}, testInfo) => {
  await preferTheme(page, "dark");
  await openSheet(page, demo, "?q=initech");
  await expect(summary(page)).toContainText(/Showing \d+ of 60 records matching/);

  await page.getByRole("button", { name: "Bulk edit" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Bulk edit" });
  await dialog.getByLabel("Field").selectOption({ label: "Company" });
  await dialog.getByLabel("Change").selectOption({ label: "UPPERCASE" });
  await dialog.getByRole("radio", { name: /The records shown/ }).check();
  await expect(dialog.getByRole("table")).toContainText("INITECH");
  await expectNoSeriousViolations(page, "the bulk edit dialog (dark)");
  await snap(page, testInfo, "grid-bulk-edit-preview-dark");
  await dialog.getByRole("button", { name: /^Apply/ }).click();

  await expect(outcome(page)).toBeVisible({ timeout: 15_000 });
  const companies = [...valuesOf(await recordsNow(demo), "company").values()];
  expect(companies.filter((company) => company === "INITECH").length).toBeGreaterThan(1);
  expect(companies).not.toContain("Initech");
  // Only the records shown changed.
  expect(companies).toContain("Globex");
});

test("Download CSV saves exactly the records shown, in the visible columns", async ({ page, demo }) => {
  await openSheet(page, demo, "?q=initech");
  await expect(summary(page)).toContainText(/Showing \d+ of 60 records matching/);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download CSV" }).click();
  const download = await downloading;
  const file = await readFile((await download.path()) as string, "utf8");
  const lines = file
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split(/\r\n/);
  const { records } = await admin.records.get(demo.sheet.id, { searchValue: "initech", pageSize: 1_000 });
  expect(lines).toHaveLength(records.length + 1);
  expect(lines[0]).toContain("First name");
  for (const record of records) expect(file).toContain(String(record.values.email?.value));
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
});
