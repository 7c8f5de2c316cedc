import { expect, test } from "@playwright/test";

for (const colorScheme of ["light", "dark"] as const) {
  test(`dashboard shows the API status (${colorScheme})`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme });
    await page.goto("/");

    await expect(page.getByRole("heading", { level: 1, name: "Jobs Panel" })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("API: ok");

    await page.screenshot({ path: testInfo.outputPath(`dashboard-${colorScheme}.png`), fullPage: true });
  });
}
