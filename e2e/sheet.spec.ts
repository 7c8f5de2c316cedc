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

const sheetPath = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

async function openSheet(page: Page, demo: DemoSpace, query = ""): Promise<Locator> {
  await openSignedIn(page, demo.userToken, `${sheetPath(demo)}${query}`);
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  return grid;
}

const cell = (grid: Locator, row: number, col: number) =>
  grid.locator(`[data-row="${row}"][data-col="${col}"]`);
const rowCheck = (grid: Locator, row: number) =>
  grid.getByRole("checkbox", { name: `Select row ${row}`, exact: true });
const summary = (page: Page) => page.locator('[data-slot="record-summary"]');

test("rows are selected one, as a Shift range, and all with exceptions; the action gets that selection", async ({
  page,
  demo,
}, testInfo) => {
  const grid = await openSheet(page, demo);
  await expect(summary(page)).toContainText("Showing 60 of 60 records");

  await rowCheck(grid, 1).click();
  await expect(summary(page)).toContainText("1 selected");
  await rowCheck(grid, 4).click({ modifiers: ["Shift"] });
  await expect(summary(page)).toContainText("4 selected");
  for (const row of [1, 2, 3, 4]) await expect(rowCheck(grid, row)).toBeChecked();
  await expect(rowCheck(grid, 5)).not.toBeChecked();
  await page.getByRole("button", { name: "Clear selection" }).click();

  // All records matching a search, but one: the job's subject names the search and the exception.
  await page.getByRole("searchbox", { name: "Search records" }).fill("initech");
  await expect(summary(page)).toContainText(/Showing \d+ of 60 records matching “initech”/);
  const matching = Number(/Showing (\d+)/.exec((await summary(page).textContent()) ?? "")?.[1]);
  expect(matching).toBeGreaterThan(2);
  const selectAll = grid.getByRole("checkbox", { name: "Select all matching records" });
  await selectAll.click();
  await expect(summary(page)).toContainText(`All ${matching} matching selected`);
  await rowCheck(grid, 1).click();
  await expect(summary(page)).toContainText(`${matching - 1} selected`);
  await snap(page, testInfo, "sheet-select-all-exception");

  const excepted = (await cell(grid, 0, 3).textContent()) ?? "";
  await page.getByRole("button", { name: "Mark as contacted" }).click();
  await expect
    .poll(async () => {
      const { data } = await admin.jobs.list({ spaceId: demo.spaceId, operation: "mark-contacted" });
      return data[0]?.status;
    })
    .toBe("complete");
  const { records } = await admin.records.get(demo.sheet.id, { searchValue: "initech", pageSize: 100 });
  const statuses = new Map(
    records.map((record) => [record.values.email?.value, record.values.status?.value]),
  );
  expect(records).toHaveLength(matching);
  for (const [email, status] of statuses) {
    if (email === excepted) expect(status).not.toBe("contacted");
    else expect(status).toBe("contacted");
  }
});

test("search, sort from the column menu, and the error filter read from the server and stay in the URL", async ({
  page,
  demo,
}, testInfo) => {
  const grid = await openSheet(page, demo);
  await page.getByRole("searchbox", { name: "Search records" }).fill("globex");
  await expect(page).toHaveURL(/[?&]q=globex/);
  await expect(summary(page)).toContainText(/Showing [1-9] of 60 records matching “globex”/);
  await expect(grid).not.toContainText("Northwind");

  await grid.getByRole("button", { name: "Age" }).click();
  await page.getByRole("menuitem", { name: "Sort descending" }).click();
  await expect(page).toHaveURL(/sort=age&dir=desc/);
  await expect(grid.getByRole("columnheader", { name: "Age" })).toHaveAttribute("aria-sort", "descending");
  await expect
    .poll(async () => {
      const ages = await grid.locator('[data-col="5"][data-slot="record-cell"]').allTextContents();
      return ages.length > 1 && ages.map(Number).every((age, i, all) => i === 0 || all[i - 1]! >= age);
    })
    .toBe(true);

  await page.getByRole("searchbox", { name: "Search records" }).fill("");
  await page.getByRole("radio", { name: /Errors/ }).click();
  await expect(page).toHaveURL(/filter=error/);
  await expect(summary(page)).toContainText("Showing 6 of 60 records with errors");
  await expect(grid.locator('[data-slot="record-cell"][data-row="5"]').first()).toBeVisible();
  await expect(grid.locator('[data-row="6"][data-slot="record-cell"]')).toHaveCount(0);
  await expect(grid.locator('[data-slot="record-cell"][data-invalid]').first()).toBeVisible();
  await snap(page, testInfo, "sheet-errors-sorted");

  // Reloading keeps the view.
  await page.reload();
  await expect(summary(page)).toContainText("Showing 6 of 60 records with errors");
});

test("a cell is edited with the keyboard, and the server's validation shows", async ({
  page,
  demo,
}, testInfo) => {
  const grid = await openSheet(page, demo);
  await cell(grid, 0, 1).click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(cell(grid, 0, 3)).toBeFocused();
  await page.keyboard.press("Enter");
  const editor = grid.getByRole("textbox", { name: "Email, row 1" });
  await expect(editor).toBeFocused();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("edited@example.com");
  await page.keyboard.press("Enter");
  await expect(cell(grid, 0, 3)).toHaveText("edited@example.com");
  await expect(cell(grid, 0, 3)).toBeFocused();
  await expect
    .poll(
      async () => (await admin.records.get(demo.sheet.id, { pageSize: 1 })).records[0]?.values.email?.value,
    )
    .toBe("edited@example.com");

  // Clearing a required value: the server says why, and the cell shows it.
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("F2");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.press("Delete");
  await page.keyboard.press("Tab");
  await expect(cell(grid, 0, 2)).toHaveAttribute("data-invalid", "true");
  await expect(cell(grid, 0, 2)).toHaveAccessibleDescription(/Last name is required/);
  await expect(cell(grid, 0, 3)).toBeFocused();

  // Escape cancels.
  await page.keyboard.press("Enter");
  await page.keyboard.type("nothing");
  await page.keyboard.press("Escape");
  await expect(cell(grid, 0, 3)).toHaveText("edited@example.com");
  await snap(page, testInfo, "sheet-edited");
});

test("while Validate all waits and runs, the toolbar is locked but cells can be edited", async ({
  page,
  demo,
}, testInfo) => {
  const grid = await openSheet(page, demo);
  // A job Validate all waits for keeps it from finishing before the checks below.
  const hold = await admin.jobs.create({
    type: "workbook",
    operation: "e2e-hold",
    source: demo.workbook.id,
    trigger: "manual",
  });
  const validate = await admin.jobs.create({
    type: "workbook",
    operation: "validate-all",
    source: demo.workbook.id,
    trigger: "immediate",
    mode: "toolbarBlocking",
    predecessorIds: [hold.id],
  });
  const progress = page.locator('[data-slot="blocking-progress"]');
  await expect(progress).toContainText(/Validate all \d+%/);
  await expect(progress).toHaveAttribute("aria-live", "polite");
  await expect(page.getByRole("searchbox", { name: "Search records" })).toBeDisabled();
  await expect(page.getByRole("radio", { name: /Errors/ })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Mark as contacted" })).toBeDisabled();
  await expect(grid.getByRole("button", { name: "Age" })).toBeDisabled();
  await snap(page, testInfo, "sheet-toolbar-blocked");

  await cell(grid, 1, 4).dblclick();
  const editor = grid.getByRole("textbox", { name: "Company, row 2" });
  await editor.fill("Blocked Toolbar Inc.");
  await editor.press("Enter");
  await expect(cell(grid, 1, 4)).toHaveText("Blocked Toolbar Inc.");
  await expect
    .poll(
      async () => (await admin.records.get(demo.sheet.id, { searchValue: "Blocked Toolbar" })).records.length,
    )
    .toBe(1);
  await expect(progress).toBeVisible();

  await admin.jobs.execute(hold.id);
  await admin.jobs.complete(hold.id, { outcome: { message: "released" } });
  expect((await settled(validate.id)).status).toBe("complete");
  await expect(progress).toBeHidden();
  await expect(page.getByRole("searchbox", { name: "Search records" })).toBeEnabled();
});

test("a sheet of 100,000 records scrolls to its end and loads the rows in view", async ({
  page,
  demo,
}, testInfo) => {
  test.setTimeout(240_000);
  const workbook = await admin.workbooks.create({
    name: "Large",
    spaceId: demo.spaceId,
    sheets: [
      {
        name: "Events",
        slug: "events",
        fields: [
          { key: "n", label: "Number", type: "number" },
          { key: "label", label: "Label", type: "string" },
        ],
      },
    ],
  });
  const sheet = workbook.sheets[0]!;
  for (let start = 0; start < 100_000; start += 10_000) {
    await admin.records.insert(
      sheet.id,
      Array.from({ length: 10_000 }, (_, i) => ({
        n: { value: start + i + 1 },
        label: { value: `Event ${start + i + 1}` },
      })),
    );
  }
  await openSignedIn(
    page,
    demo.userToken,
    `/space/${demo.spaceId}/workbook/${workbook.id}/sheet/${sheet.id}`,
  );
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid).toHaveAttribute("aria-rowcount", "100001");
  await expect(summary(page)).toContainText("Showing 100,000 of 100,000 records");
  await expect(grid).toContainText("Event 1");

  await grid.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
  await expect(grid.locator('[data-row="99999"][data-col="2"]')).toHaveText("Event 100000");
  await expect(grid.getByRole("checkbox", { name: "Select row 100000", exact: true })).toBeVisible();

  // Halfway, by keyboard: the row positions stay put while their page loads.
  await cell(grid, 99_999, 1).click();
  await page.keyboard.press("ControlOrMeta+Home");
  await expect(grid.getByRole("checkbox", { name: "Select row 1", exact: true })).toBeFocused();
  await grid.evaluate((element) => element.scrollTo({ top: element.scrollHeight / 2 }));
  await expect(grid.locator('[data-row="50000"][data-col="2"]')).toHaveText("Event 50001");
  await snap(page, testInfo, "sheet-100k-middle");
});

for (const theme of ["light", "dark"] as const) {
  test(`the sheet has no serious accessibility violations (${theme})`, async ({ page, demo }, testInfo) => {
    // Two full-page axe runs on a busy machine.
    test.setTimeout(120_000);
    await preferTheme(page, theme);
    const grid = await openSheet(page, demo);
    await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
    await rowCheck(grid, 2).click();
    await expect(grid.locator('[data-slot="record-cell"][data-invalid]').first()).toBeAttached();
    await expectNoSeriousViolations(page, `the sheet (${theme})`);
    await snap(page, testInfo, `sheet-${theme}`);
    await grid.getByRole("button", { name: "Status" }).click();
    await expect(page.getByRole("menu")).toBeVisible();
    await expectNoSeriousViolations(page, `the column menu (${theme})`);
    await snap(page, testInfo, `sheet-menu-${theme}`);
  });
}

test("keyboard only: into the grid, walk cells, select a row, edit, sort", async ({ page, demo }) => {
  const grid = await openSheet(page, demo);
  await page.getByRole("searchbox", { name: "Search records" }).focus();
  let inGrid = false;
  for (let i = 0; i < 20 && !inGrid; i++) {
    await page.keyboard.press("Tab");
    inGrid = await grid.evaluate((element) => element.contains(document.activeElement));
  }
  expect(inGrid).toBe(true);
  await expect(cell(grid, 0, 1)).toBeFocused();

  await page.keyboard.press("Home");
  await expect(rowCheck(grid, 1)).toBeFocused();
  await page.keyboard.press("Space");
  await expect(rowCheck(grid, 1)).toBeChecked();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+Space");
  await expect(summary(page)).toContainText("3 selected");

  await page.keyboard.press("ArrowRight");
  await expect(cell(grid, 2, 1)).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("Keyboard");
  await page.keyboard.press("Enter");
  await expect(cell(grid, 2, 1)).toHaveText("Keyboard");

  // Up to the header, open the column menu, sort.
  await page.keyboard.press("Control+Home");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowRight");
  await expect(grid.getByRole("button", { name: "First name" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Sort ascending" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/sort=firstName&dir=asc/);
});
