/**
 * The dashboard when the network or a deploy lets it down: a confirm action clicked while offline or while the server
 * cannot be reached, a page whose JavaScript is gone after a deploy, and a cell edited while saves fail. The app
 * stays; errors are plain words with a way to try again; the edit is saved once the server answers again.
 */
import type { Page } from "@playwright/test";
import { admin, expect, openSignedIn, snap, test, type DemoSpace } from "./fixtures";

const UNREACHABLE = "Could not reach the server. Check your connection and try again.";

/** The router's own error page, which must never replace the app. */
const routerErrorPage = (page: Page) => page.getByText("Unexpected Application Error!");

async function openOverview(page: Page, demo: DemoSpace) {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  const bar = page.getByRole("group", { name: `Actions for ${demo.workbook.name}` });
  await expect(bar.getByRole("button", { name: "More actions" })).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
  return bar;
}

const publishJobs = async (spaceId: string) =>
  (await admin.jobs.list({ spaceId, operation: "publish-report" })).data;

test("a confirm action clicked offline keeps the app, says why in plain words, and runs on Retry once back", async ({
  page,
  context,
  demo,
}, testInfo) => {
  const bar = await openOverview(page, demo);
  const more = bar.getByRole("button", { name: "More actions" });
  const menu = page.getByRole("menu", { name: "More actions" });
  const item = menu.getByRole("menuitem", { name: "Publish report" });

  // The browser has no network: the action says so instead of trying.
  await context.setOffline(true);
  await more.click();
  await expect(item).toHaveAttribute("aria-disabled", "true");
  await expect(item).toHaveAccessibleDescription(/You are offline/);
  // Forced: Playwright waits for an aria-disabled item to become enabled; a person can still click it.
  await item.click({ force: true });
  // The menu stays open on an item that cannot run, so its reason can be read; no dialog opens.
  await expect(page.getByRole("dialog", { name: "Publish report" })).toHaveCount(0);
  await expect(routerErrorPage(page)).toBeHidden();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await snap(page, testInfo, "offline-action");
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();

  // The network is back but the server does not answer.
  await page.route("**/v1/**", (route) => route.abort("connectionrefused"));
  await context.setOffline(false);
  await more.click();
  await expect(item).not.toHaveAttribute("aria-disabled", "true");
  await item.click();
  const dialog = page.getByRole("dialog", { name: "Publish report" });
  await dialog.getByRole("button", { name: "Publish report" }).click();
  await expect(dialog.getByRole("alert")).toHaveText(UNREACHABLE);
  await expect(dialog).not.toContainText("http");
  await expect(routerErrorPage(page)).toBeHidden();
  await snap(page, testInfo, "unreachable-confirm");
  expect(await publishJobs(demo.spaceId)).toEqual([]);

  await page.unroute("**/v1/**");
  await dialog.getByRole("button", { name: "Retry" }).click();
  await expect(dialog).toBeHidden();
  await expect.poll(async () => (await publishJobs(demo.spaceId)).length, { timeout: 10_000 }).toBe(1);
});

test("a page whose JavaScript a deploy removed says a new version is available, with Reload", async ({
  page,
  demo,
}, testInfo) => {
  await openOverview(page, demo);
  // What a deploy that renamed the chunks looks like to a tab opened before it: the page's chunk is not there.
  await page.route(/\/assets\/files-page-[^/]*\.js$/, (route) =>
    route.fulfill({ status: 404, contentType: "text/plain", body: "Not found" }),
  );
  await page.locator(`a[href$="/space/${demo.spaceId}/files"]`).first().click();

  await expect(
    page.getByRole("heading", { name: "A new version of the dashboard is available" }),
  ).toBeVisible();
  await expect(routerErrorPage(page)).toBeHidden();
  // The header stays, so the person is still in the app.
  await expect(page.locator('[data-slot="connection-indicator"]')).toBeVisible();
  await snap(page, testInfo, "new-version");

  await page.unroute(/\/assets\/files-page-[^/]*\.js$/);
  await page.getByRole("button", { name: "Reload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
});

test("a cell edited while saves fail is kept as pending and saved once the server answers again", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(
    page,
    demo.userToken,
    `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`,
  );
  const grid = page.getByRole("grid", { name: "Records" });
  const company = grid.locator('[data-row="1"][data-col="4"]');
  await expect(company).toBeVisible();
  await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");

  // Saves cannot reach the server (reads still can, so the page itself stays as it is).
  const saves = /\/v1\/sheets\/[^/]+\/records/;
  await page.route(saves, (route) =>
    route.request().method() === "GET" ? route.continue() : route.abort("connectionrefused"),
  );
  await company.dblclick();
  const editor = grid.getByRole("textbox", { name: "Company, row 2" });
  await editor.fill("Offline Edit Ltd");
  await editor.press("Enter");
  await expect(company).toHaveText("Offline Edit Ltd. Saving");
  await expect(company).toHaveAttribute("data-saving", "true");
  await snap(page, testInfo, "pending-edit");
  // No save failure is reported and the value is not put back: the edit waits for the server.
  await expect(page.getByRole("alert").filter({ hasText: "Could not save" })).toHaveCount(0);
  const { records } = await admin.records.get(demo.sheet.id, { searchValue: "Offline Edit Ltd" });
  expect(records).toEqual([]);

  await page.unroute(saves);
  await expect
    .poll(
      async () =>
        (await admin.records.get(demo.sheet.id, { searchValue: "Offline Edit Ltd" })).records.length,
      { timeout: 20_000 },
    )
    .toBe(1);
  await expect(company).not.toHaveAttribute("data-saving", "true");
  await expect(company).toHaveText("Offline Edit Ltd");
});
