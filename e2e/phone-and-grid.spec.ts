import type { Locator, Page } from "@playwright/test";
import {
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  snap,
  test,
  type DemoSpace,
} from "./fixtures";

const PHONE = { width: 390, height: 844 };

const sheetPath = (demo: DemoSpace) =>
  `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;

async function openSheet(page: Page, demo: DemoSpace, query = ""): Promise<Locator> {
  await openSignedIn(page, demo.userToken, `${sheetPath(demo)}${query}`);
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  return grid;
}

const firstInvalid = (grid: Locator) => grid.locator('[data-slot="record-cell"][data-invalid]').first();

for (const theme of ["light", "dark"] as const) {
  test(`on a phone (${theme}) the grid comes first and the space's navigation is a drawer from the Menu button`, async ({
    page,
    demo,
  }, testInfo) => {
    // Two axe reads of a full page.
    test.setTimeout(120_000);
    await page.setViewportSize(PHONE);
    await preferTheme(page, theme);
    const grid = await openSheet(page, demo);
    // The grid starts within the first screen: the sidebar is not stacked above it.
    const box = await grid.boundingBox();
    expect(box?.y).toBeLessThan(PHONE.height - 120);
    await expect(page.getByRole("navigation", { name: "Space contents" })).toBeHidden();
    await expectNoSeriousViolations(page, `the phone sheet (${theme})`);
    await snap(page, testInfo, `phone-sheet-${theme}`);

    const menu = page.getByRole("button", { name: "Menu" });
    await expect(menu).toHaveAttribute("aria-expanded", "false");
    const drawer = page.getByRole("dialog", { name: "Space" });
    await menu.focus();
    await page.keyboard.press("Enter");
    await expect(drawer).toBeVisible();
    // While the drawer is open the page behind it (the button too) is hidden from the accessibility tree.
    const button = page.locator('[data-slot="nav-menu-button"]');
    await expect(button).toHaveAttribute("aria-expanded", "true");
    await expect(button).toHaveAttribute("aria-controls", (await drawer.getAttribute("id"))!);
    await expect(drawer.getByRole("navigation", { name: "Space contents" })).toBeVisible();
    await expect(drawer.getByRole("link", { name: "Contacts", exact: true })).toBeVisible();
    // Focus is in the drawer; Escape closes it and gives focus back to the button.
    await expect
      .poll(() => drawer.evaluate((element) => element.contains(document.activeElement)))
      .toBe(true);
    await expectNoSeriousViolations(page, `the navigation drawer (${theme})`);
    await snap(page, testInfo, `phone-drawer-${theme}`);
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute("aria-expanded", "false");

    // The backdrop closes it too; following a link closes it on the way to the page.
    await menu.click();
    await expect(drawer).toBeVisible();
    await page.mouse.click(PHONE.width - 10, PHONE.height / 2);
    await expect(drawer).toBeHidden();
    await menu.click();
    await drawer.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(drawer).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/jobs`));
  });
}

test("on a wide screen the sidebar stays beside the page and there is no Menu button", async ({
  page,
  demo,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openSheet(page, demo);
  await expect(page.getByRole("navigation", { name: "Space contents" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
});

test("a cell's errors show in a bubble on a tap and on keyboard focus, and are its description", async ({
  browser,
  demo,
}, testInfo) => {
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true });
  const page = await context.newPage();
  const grid = await openSheet(page, demo, "?filter=error");
  const invalid = firstInvalid(grid);
  await expect(invalid).toBeVisible();
  // Not the native title (slow, and never shown on a touch screen).
  await expect(invalid).not.toHaveAttribute("title");
  await expect(invalid).toHaveAccessibleDescription(/\S/);
  const message = (await invalid.evaluate((cell) => {
    const id = cell.getAttribute("aria-describedby");
    return id ? document.getElementById(id)?.textContent : undefined;
  })) as string;

  const tip = page.getByRole("tooltip");
  await expect(tip).toBeHidden();
  await invalid.tap();
  await expect(tip).toBeVisible();
  await expect(tip).toHaveText(message);
  await snap(page, testInfo, "cell-error-tap");
  // A tap elsewhere puts it away.
  await page.getByRole("heading", { name: "Contacts" }).tap();
  await expect(tip).toBeHidden();
  await context.close();

  // Keyboard only: the bubble follows the focused cell; Escape puts it away.
  const desk = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const deskGrid = await openSheet(desk, demo, "?filter=error");
  const target = firstInvalid(deskGrid);
  const row = Number(await target.getAttribute("data-row"));
  const col = Number(await target.getAttribute("data-col"));
  await desk.getByRole("searchbox", { name: "Search records" }).focus();
  for (let i = 0; i < 12; i++) {
    await desk.keyboard.press("Tab");
    if (await deskGrid.evaluate((element) => element.contains(document.activeElement))) break;
  }
  await expect(deskGrid.locator('[data-row="0"][data-col="1"]')).toBeFocused();
  for (let i = 0; i < row; i++) await desk.keyboard.press("ArrowDown");
  for (let i = 1; i < col; i++) await desk.keyboard.press("ArrowRight");
  await expect(target).toBeFocused();
  const deskTip = desk.getByRole("tooltip");
  await expect(deskTip).toBeVisible();
  await expect(deskTip).toHaveText(message);
  await desk.keyboard.press("Escape");
  await expect(deskTip).toBeHidden();
  await desk.close();
});

test("the header stays in view and the last column shows whole after scrolling the grid to its end", async ({
  browser,
  demo,
}) => {
  for (const viewport of [{ width: 1440, height: 900 }, PHONE]) {
    const page = await browser.newPage({ viewport });
    const grid = await openSheet(page, demo);
    await grid.locator('[data-row="0"][data-col="1"]').click();
    await page.keyboard.press("ControlOrMeta+End");
    const last = grid.locator('[data-row="59"][data-col="7"]');
    await expect(last).toBeFocused();
    await expect(page.getByRole("banner")).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole("button", { name: /^Jobs/ })).toBeInViewport({ ratio: 1 });
    // The page fits the window: only the grid (and the region around it) scrolls.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      viewport.height,
    );
    // The last column is not cut at the grid's right edge.
    const cut = await last.evaluate((cell) => {
      const scroller = cell.closest<HTMLElement>('[role="grid"]')!;
      const view = scroller.getBoundingClientRect();
      const right = view.left + scroller.clientLeft + scroller.clientWidth;
      return cell.getBoundingClientRect().right - right;
    });
    expect(cut).toBeLessThanOrEqual(1);
    await page.close();
  }
});

test("the Email column is wider than Age, and no column is narrower than its label", async ({
  page,
  demo,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const grid = await openSheet(page, demo);
  const width = async (name: string) =>
    (await grid.getByRole("columnheader", { name: new RegExp(`^${name}`) }).boundingBox())!.width;
  expect(await width("Email")).toBeGreaterThan((await width("Age")) * 1.6);
  const email = grid.locator('[data-row="1"][data-col="3"] .grid-cell-value');
  expect(await email.evaluate((span) => span.scrollWidth <= span.clientWidth)).toBe(true);
});

test("a search with no match says so, with a way to clear it", async ({ page, demo }, testInfo) => {
  const grid = await openSheet(page, demo);
  const search = page.getByRole("searchbox", { name: "Search records" });
  await search.fill("zzz-nothing-like-this");
  await expect(page.getByText("No records match “zzz-nothing-like-this”.")).toBeVisible();
  await snap(page, testInfo, "no-match");
  await page.getByRole("button", { name: "Clear search" }).click();
  await expect(search).toHaveValue("");
  await expect(search).toBeFocused();
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  await expect(page).not.toHaveURL(/q=/);
});

test("on a phone the jobs table starts on the first screen; Filters opens the rest of the filters", async ({
  page,
  demo,
}) => {
  await page.setViewportSize(PHONE);
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/jobs`);
  const firstRow = page.getByRole("table", { name: "Jobs" }).getByRole("row").nth(1);
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  await expect(page.getByRole("searchbox").first()).toBeVisible();
  const status = page.getByRole("group", { name: "Status" });
  await expect(status).toBeHidden();
  const toggle = page.getByRole("button", { name: /^Filters/ });
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(firstRow).toBeVisible();
  expect((await firstRow.boundingBox())?.y ?? PHONE.height).toBeLessThan(PHONE.height);
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(status).toBeVisible();
  await status.getByRole("checkbox", { name: "Complete" }).check();
  await toggle.click();
  await expect(page.getByRole("button", { name: "Filters (1)" })).toBeVisible();
});

test("on a wide screen the jobs filters show without a Filters button", async ({ page, demo }) => {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/jobs`);
  await expect(page.getByRole("group", { name: "Status" })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Filters/ })).toBeHidden();
});
