import { mkdir } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { admin, expect, expectNoSeriousViolations, openSignedIn, preferTheme, test } from "./fixtures";

/** Screenshots to look at, besides the test's own output folder. */
const SHOTS = "/tmp/ui-shots";

async function shot(page: Page, name: string) {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** New contacts in a file whose headers are not the sheet's keys; one age is words, one status unknown. */
function contactsCsv(rows = 3_000): string {
  const lines = ["First Name,Last Name,E-mail,Company,Age,Stage"];
  for (let i = 0; i < rows; i++) {
    const age = i === 1 ? "forty" : String(20 + (i % 50));
    const stage = i === 2 ? "unknown" : i % 2 ? "Customer" : "new";
    lines.push(`Person${i},Imported${i},imported.${i}@example.com,Acme,${age},${stage}`);
  }
  return `${lines.join("\n")}\n`;
}

test.describe.configure({ timeout: 120_000 });

for (const theme of ["light", "dark"] as const) {
  test(`drop a CSV, watch it extracted, import it into Contacts with one mapping changed (${theme})`, async ({
    page,
    demo,
  }) => {
    await preferTheme(page, theme);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/files?mode=import`);
    await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();

    const csv = contactsCsv();
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], "new-contacts.csv", { type: "text/csv" }));
      return transfer;
    }, csv);
    await page.dispatchEvent("#main", "dragenter", { dataTransfer });
    await page.dispatchEvent("#main", "drop", { dataTransfer });

    const table = page.getByRole("table", { name: /Import files of the space/ });
    const row = table.getByRole("row", { name: /new-contacts\.csv/ });
    await expect(row).toBeVisible();
    // Its extraction: queued or running (with the rows read so far), then done.
    await expect(row).toContainText(/Waiting to extract|Extracting|Extracted/);
    await expect(row.getByRole("link", { name: "Open the data of new-contacts.csv" })).toBeVisible({
      timeout: 30_000,
    });
    await shot(page, `files-extracted-1440-${theme}`);
    // The page itself: a toast may be fading in over it (its own specs check it once shown).
    await expectNoSeriousViolations(page, `the files page (${theme})`, "#main");

    await row.getByRole("button", { name: /Import into/ }).click();
    const dialog = page.getByRole("dialog", { name: /Import new-contacts\.csv into/ });
    await dialog.getByRole("radio", { name: /Contacts/ }).check();
    await dialog.getByRole("button", { name: "Continue" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Match the columns" })).toBeVisible();
    await expect(page).toHaveURL(/\/imports\//);
    const email = page.getByRole("combobox", { name: "E-mail is imported into" });
    await expect(email).toHaveValue("email");
    await expect(page.getByRole("combobox", { name: "First Name is imported into" })).toHaveValue(
      "firstName",
    );
    // Change one mapping: the company is not imported.
    await page.getByRole("combobox", { name: "Company is imported into" }).selectOption("");
    await expect(page.getByRole("status").filter({ hasText: "Mapping saved" })).toBeVisible();
    await shot(page, `mapping-1440-${theme}`);
    await expectNoSeriousViolations(page, `the mapping screen (${theme})`, "#main");
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, `mapping-390-${theme}`);
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.getByRole("button", { name: "Import 3,000 rows" }).click();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/workbook/`));
    // The run shows over the workbook; its outcome waits for the person who ran it and leads to the flagged rows.
    const outcome = page.getByRole("alertdialog", { name: "Import complete" });
    await expect(outcome).toBeVisible({ timeout: 60_000 });
    await expect(outcome).toContainText("3,000 rows imported into Contacts. 1 has values to fix.");
    await expect(outcome).toContainText("Import 3,000 rows into Contacts");
    await shot(page, `import-outcome-1440-${theme}`);
    await outcome.getByRole("link", { name: "Open Contacts" }).click();
    await expect(page).toHaveURL(/filter=error/);
    await expect(page.getByRole("grid")).toContainText("forty");
    await shot(page, `import-flagged-1440-${theme}`);
    // Its own page names it as a person would.
    const job = (await admin.jobs.list({ spaceId: demo.spaceId, operation: "map" })).data[0];
    expect(job?.status).toBe("complete");
    await page.goto(`/space/${demo.spaceId}/jobs/${job!.id}`);
    await expect(
      page.getByRole("heading", { level: 1, name: "Import 3,000 rows into Contacts" }),
    ).toBeVisible();

    const { data: workbooks } = await admin.workbooks.list({ spaceId: demo.spaceId });
    const contacts = workbooks
      .flatMap((workbook) => workbook.sheets)
      .find((sheet) => sheet.id === demo.sheet.id);
    expect(contacts?.recordCounts?.total).toBeGreaterThanOrEqual(3_000);
  });
}

test("Files page at 390 px shows the extraction and the import action", async ({ page, demo }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await admin.files.upload({
    spaceId: demo.spaceId,
    name: "phone.csv",
    file: new Blob([contactsCsv(20)], { type: "text/csv" }),
  });
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/files?mode=import`);
  const row = page.getByRole("row", { name: /phone\.csv/ });
  await expect(row.getByRole("link", { name: "Open the data of phone.csv" })).toBeVisible({
    timeout: 30_000,
  });
  await shot(page, "files-390-light");
  await expectNoSeriousViolations(page, "the files page at 390 px");
});
