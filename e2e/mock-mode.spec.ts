/**
 * What only mock mode has: it loads from a plain static file server with no API behind it, and its scenario panel.
 * Run by the "mock" Playwright project only (the user flows both projects share are in flows.spec.ts).
 */
import { expect, test } from "./flow-fixtures";

test("mock mode loads from a plain static file server with no API behind it", async ({
  page,
  backend,
  request,
  baseURL,
}) => {
  // The server behind the page has no API at all...
  const direct = await request.get(`${baseURL}/v1/health`);
  expect(direct.status()).toBe(404);
  expect(await direct.text()).toMatch(/No API here/);

  // ...yet the page, once mock mode is up, gets real answers: its service worker hands them to the in-page app.
  await backend.load();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/v1/health")),
    page.evaluate(() => fetch("/v1/health").then((r) => r.status)),
  ]);
  expect(response.status()).toBe(200);
  expect(response.fromServiceWorker()).toBe(true);
  expect(await response.json()).toMatchObject({ data: { status: "ok" } });
  await expect(page.getByRole("heading", { level: 1, name: "October Report Workbook" })).toBeVisible();
});

test("mock mode's scenario panel drops the event stream, which recovers, and signs in with a refused token", async ({
  page,
  backend,
}) => {
  await backend.load();
  const indicator = page.locator('[data-slot="connection-indicator"]');
  await expect(indicator).toHaveAttribute("data-status", "live");

  const panel = page.getByRole("complementary", { name: "Mock mode" });
  await panel.getByText("Mock mode: scenarios").click();
  await panel.getByRole("button", { name: "Drop the event stream" }).click();
  await expect(indicator).toHaveAttribute("data-status", "reconnecting");
  await expect(indicator).toHaveAttribute("data-status", "live", { timeout: 20_000 });

  await panel.getByRole("button", { name: "Refused user token" }).click();
  await expect(page.getByText("You are not signed in.")).toBeVisible();
});

test("mock mode runs a developer's mutateRecord in the page's WebAssembly sandbox, limits included", async ({
  page,
  backend,
}) => {
  await backend.load();
  const sheetId = await page.evaluate(() => window.__mockApi!.demo.sheetId);
  const upper = await page.evaluate(
    (id) =>
      window.__mockApi!.mutate(
        id,
        "(record) => { record.values.firstName.value = String(record.values.firstName.value).toUpperCase(); return record; }",
      ),
    sheetId,
  );
  expect(upper).toMatchObject({ status: "complete", message: "60 records changed in Contacts." });

  // An endless loop is stopped by the sandbox's time limit; the page stays responsive.
  const endless = await page.evaluate(
    (id) => window.__mockApi!.mutate(id, "(record) => { for (;;) {} }"),
    sheetId,
  );
  expect(endless.status).toBe("failed");
  expect(endless.message).toMatch(/longer than/);
  expect(await page.evaluate(() => 1 + 1)).toBe(2);
});
