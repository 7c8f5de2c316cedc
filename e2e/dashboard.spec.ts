import { expect, test } from "@playwright/test";
import { createClient } from "../src/sdk";
import { expectNoSeriousViolations } from "./fixtures";

const baseUrl = process.env.E2E_BASE_URL!;
const api = createClient({ baseUrl, token: process.env.E2E_API_SECRET_KEY! });

/** A space with one workbook and sheet (one valid and one invalid record), and dashboard tokens for it. */
async function seedSpace(name: string) {
  const space = await api.spaces.create({ name });
  // The demo listener builds only the demo space: this test is the listener of its own space and answers its
  // space:configure job itself, so nothing is left running.
  const [configure] = (await api.jobs.list({ spaceId: space.id, type: "space" })).data;
  await api.jobs.ack(configure!.id, { info: "Building the space" });
  await api.jobs.complete(configure!.id, { outcome: { message: "Space built by the test" } });
  const workbook = await api.workbooks.create({
    name: "Contacts workbook",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "name", label: "Name", type: "string", constraints: [{ type: "required" }] },
          { key: "email", label: "Email", type: "string" },
          { key: "age", label: "Age", type: "number" },
        ],
      },
    ],
  });
  const sheet = workbook.sheets[0]!;
  await api.records.insert(sheet.id, [
    {
      name: { value: "Ada Lovelace" },
      // Long enough to overflow its column: the rows must still line up.
      email: { value: "augusta.ada.king.countess.of.lovelace@analytical-engine.example.com" },
      age: { value: 36 },
    },
    { name: { value: "" }, email: { value: "nobody@example.com" }, age: { value: 20 } },
  ]);
  const operator = await api.auth.createToken({ role: "operator", subject: "e2e-operator" });
  const user = await api.auth.createToken({ role: "user", spaceId: space.id, subject: "e2e-user" });
  return { space, workbook, sheet, operator: operator.token, user: user.token };
}

test("without a token the dashboard explains how to sign in", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs Panel" })).toBeVisible();
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  await expect(page.getByText("npm start")).toBeVisible();
});

test("an operator signs in from the link and sees the spaces", async ({ page }, testInfo) => {
  const seeded = await seedSpace("Operator space");
  await page.goto(`/#token=${seeded.operator}`);
  await expect(page.getByRole("heading", { level: 1, name: "Spaces" })).toBeVisible();
  expect(page.url()).not.toContain("token=");
  await expect(page.getByText("Operator", { exact: true })).toBeVisible();
  await page
    .getByRole("link", { name: /Operator space/ })
    .first()
    .click();
  await expect(page.getByRole("navigation", { name: "Space contents" })).toContainText("Contacts workbook");

  // The token stays for the tab: a reload keeps the operator signed in.
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Space contents" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("operator-space.png"), fullPage: true });

  // Narrow windows: the sidebar is a drawer behind the Menu button and nothing overflows sideways.
  await page.setViewportSize({ width: 700, height: 900 });
  await expect(page.getByRole("navigation", { name: "Space contents" })).toBeHidden();
  await page.locator('[data-slot="nav-menu-button"]').click();
  await expect(page.getByRole("navigation", { name: "Space contents" })).toContainText("Contacts workbook");
  await page.keyboard.press("Escape");
  await expect(page.getByRole("navigation", { name: "Space contents" })).toBeHidden();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("operator-space-700.png"), fullPage: true });

  // The header's space switcher takes an operator to any space, or back to all of them.
  const switcher = page.getByRole("combobox", { name: "Space" });
  await expect(switcher).toHaveValue(seeded.space.id);
  await switcher.selectOption({ label: "All spaces" });
  await expect(page.getByRole("heading", { level: 1, name: "Spaces" })).toBeVisible();
  await switcher.selectOption({ label: "Operator space" });
  await expect(page).toHaveURL(new RegExp(`/space/${seeded.space.id}$`));
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`a user sees the space, the sheet and live job progress (${colorScheme})`, async ({
    page,
  }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    const seeded = await seedSpace(`User space ${colorScheme}`);
    // An operation no listener runs (the demo listener would run "export"): this test plays the listener itself.
    const job = await api.jobs.create({
      type: "workbook",
      operation: "manual-report",
      source: seeded.workbook.id,
      spaceId: seeded.space.id,
      trigger: "immediate",
    });

    await page.goto(`/space/${seeded.space.id}?workbook=${seeded.workbook.id}#token=${seeded.user}`);
    expect(page.url()).not.toContain("token=");
    await expect(page.locator("html")).toHaveAttribute("data-theme", colorScheme);
    await expect(page.getByRole("status").filter({ hasText: "Live" })).toBeVisible();

    const sidebar = page.getByRole("navigation", { name: "Space contents" });
    await expect(sidebar.getByRole("link", { name: "Contacts workbook" })).toBeVisible();
    // The demo's workbook is only in the demo space.
    await expect(sidebar.getByRole("link", { name: /October Report/ })).toHaveCount(0);
    const contactsLink = sidebar.locator(
      `a[href$="/workbook/${seeded.workbook.id}/sheet/${seeded.sheet.id}"]`,
    );
    await expect(contactsLink).toHaveText("Contacts");
    await expect(page.getByRole("heading", { level: 1, name: "Contacts workbook" })).toBeVisible();
    await expect(page.getByRole("row", { name: /Contacts/ })).toContainText("2");
    await page.screenshot({ path: testInfo.outputPath(`space-${colorScheme}.png`), fullPage: true });
    await expectNoSeriousViolations(page, "the space view");

    // The sheet: records, the invalid cell marked with its message.
    await contactsLink.click();
    const table = page.getByRole("grid", { name: "Records" });
    await expect(table).toContainText("Ada Lovelace");
    const invalid = table.locator('[data-slot="record-cell"][data-invalid]');
    await expect(invalid).toHaveCount(1);
    await expect(invalid).toHaveAccessibleDescription("Name is required");
    // Columns line up: every row's cells start where their header does, whatever the values' lengths.
    const lefts = await table
      .getByRole("row")
      .evaluateAll((rows) =>
        rows.map((row) => [...row.children].map((cell) => Math.round(cell.getBoundingClientRect().left))),
      );
    expect(lefts.length).toBeGreaterThan(2);
    for (const row of lefts) expect(row).toEqual(lefts[0]);
    await page.getByRole("radio", { name: /Errors/ }).click();
    await expect(table).not.toContainText("Ada Lovelace");
    await expect(table).toContainText("nobody@example.com");
    await page.screenshot({ path: testInfo.outputPath(`sheet-${colorScheme}.png`), fullPage: true });

    // The jobs panel: the job is listed; its progress follows the listener's acks without a reload.
    const jobsButton = page.locator('[data-slot="jobs-button"]');
    await expect(jobsButton).toHaveAccessibleName(/^Jobs, \d+ running/);
    await jobsButton.click();
    const panel = page.getByRole("dialog", { name: "Jobs" });
    const item = panel.locator(`[data-job-id="${job.id}"]`);
    await expect(item).toContainText("Manual report (workbook)");
    // No connected listener handles it: the item says so instead of a spinner at 0%, until the test acks it.
    await expect(item.locator('[data-slot="job-waiting-worker"]')).toContainText(
      "Waiting for a worker to connect",
    );

    await api.jobs.ack(job.id, {
      info: "Exporting rows",
      progress: 25,
      estimatedCompletionAt: new Date(Date.now() + 5 * 60_000).toISOString(),
    });
    await expect(item).toContainText("25%");
    await expect(item).toContainText("Exporting rows");
    await expect(item).toContainText(/about \d+ min left/);
    await api.jobs.ack(job.id, { info: "Almost there", progress: 80 });
    await expect(item).toContainText("80%");
    await expect(item.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "80");
    await expect(panel.locator("[aria-live=polite]")).toContainText("Manual report (workbook) 80%");
    await page.screenshot({ path: testInfo.outputPath(`jobs-panel-${colorScheme}.png`), fullPage: true });
    await expectNoSeriousViolations(page, "the open jobs panel");

    await api.jobs.complete(job.id, { outcome: { heading: "Export ready", message: "2 rows" } });
    const finished = panel.locator(`[data-slot="finished-job"][data-job-id="${job.id}"]`);
    await expect(finished).toContainText("Complete");
    await expect(finished).toContainText("Export ready");
    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    // Nothing runs any more: the space's own job was answered at the start, and the demo left the space alone.
    await expect(jobsButton).toHaveAccessibleName(/^Jobs, 0 running/);
  });
}
