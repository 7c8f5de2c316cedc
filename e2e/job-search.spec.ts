import { join } from "node:path";
import Database from "better-sqlite3";
import { admin, expect, expectNoSeriousViolations, openSignedIn, preferTheme, snap, test } from "./fixtures";

const DAY = 86_400_000;

/**
 * Moves a job's creation (and its run) `days` into the past, straight in the database file: the API stamps every
 * job with the time it is created, and the server reads jobs from this file on every request.
 */
function backdate(jobId: string, days: number) {
  const at = (offsetMs: number) => new Date(Date.now() - days * DAY + offsetMs).toISOString();
  const db = new Database(join(process.env.E2E_DATA_DIR!, "jobs.db"), { timeout: 10_000 });
  try {
    const changed = db
      .prepare(
        `UPDATE jobs SET created_at = ?, updated_at = ?,
           data = json_set(data, '$.createdAt', ?, '$.updatedAt', ?, '$.startedAt', ?, '$.finishedAt', ?)
         WHERE id = ?`,
      )
      .run(at(0), at(5_000), at(0), at(5_000), at(1_000), at(5_000), jobId).changes;
    expect(changed).toBe(1);
  } finally {
    db.close();
  }
}

test.describe("job search", () => {
  test("an operator finds a job from months ago by a word of its outcome message, past every loaded page", async ({
    page,
    demo,
  }, testInfo) => {
    const word = `Brightwater${Date.now().toString(36)}`;
    const old = await admin.jobs.create({
      type: "workbook",
      operation: "e2e-sync-billing",
      source: demo.workbook.id,
      spaceId: demo.spaceId,
      trigger: "immediate",
    });
    await admin.jobs.ack(old.id, {});
    await admin.jobs.complete(old.id, { outcome: { message: `Sent 3 invoices to ${word} Ltd` } });
    backdate(old.id, 120);
    // More than a table page (200) of newer jobs in a space of their own: the old job is on no page loaded first.
    const filler = await admin.spaces.create({ name: "E2E search filler" });
    for (let batch = 0; batch < 6; batch++) {
      await Promise.all(
        Array.from({ length: 40 }, () =>
          admin.jobs.create({
            type: "space",
            operation: "e2e-filler",
            source: filler.id,
            spaceId: filler.id,
          }),
        ),
      );
    }

    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.operatorToken, "/jobs");
    const table = page.getByRole("table", { name: "Jobs" });
    await expect(table.getByRole("row").nth(20)).toBeVisible();
    await expect(table.getByRole("button", { name: `Copy ID ${old.id}` })).toHaveCount(0);

    // The beginning of the word, in any case, is enough.
    await page.getByRole("searchbox", { name: "Search" }).fill(word.slice(0, -2).toLowerCase());
    await expect(page).toHaveURL(new RegExp(`[?&]q=${word.slice(0, -2).toLowerCase()}`));
    const row = table
      .getByRole("row")
      .filter({ has: page.getByRole("button", { name: `Copy ID ${old.id}` }) });
    await expect(row).toBeVisible();
    await expect(row).toContainText("E2e sync billing");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(page.locator('[data-slot="jobs-count"]')).toHaveText("1 found");
    await expectNoSeriousViolations(page, "the jobs table searched");
    await snap(page, testInfo, "job-search-months-ago");

    // The link reproduces the view, and a creation range that ends before the job leaves it out.
    const until = new Date(Date.now() - 150 * DAY).toISOString().slice(0, 10);
    await openSignedIn(page, demo.operatorToken, `/jobs?q=${word}&to=${until}`);
    await expect(page.getByText("No job matches these filters.")).toBeVisible();
    await page.getByRole("textbox", { name: "To", exact: true }).fill("");
    await expect(row).toBeVisible();

    // So does a finishing range: typed from the keyboard, kept in the URL, sent to the server.
    const finishedTo = page.getByRole("textbox", { name: "Finished to", exact: true });
    await finishedTo.focus();
    await finishedTo.fill(until);
    await expect(page).toHaveURL(new RegExp(`[?&]finishedTo=${until}`));
    await expect(page.getByText("No job matches these filters.")).toBeVisible();
    await page.getByRole("textbox", { name: "Finished from", exact: true }).fill(until);
    await finishedTo.fill("");
    await expect(page).toHaveURL(new RegExp(`[?&]finishedFrom=${until}`));
    await expect(row).toBeVisible();
    await expectNoSeriousViolations(page, "the jobs table filtered by finishing day");
  });

  for (const theme of ["light", "dark"] as const) {
    for (const width of [390, 1440]) {
      test(`the finishing-day filters beside the creation ones, ${theme}, ${width} px`, async ({
        page,
        demo,
      }, testInfo) => {
        await preferTheme(page, theme);
        await page.setViewportSize({ width, height: 900 });
        await openSignedIn(page, demo.operatorToken, "/jobs?finishedFrom=2026-01-01&finishedTo=2026-01-31");
        if (width < 600) await page.getByRole("button", { name: "Filters (2)" }).click();
        await expect(page.getByRole("textbox", { name: "Finished from", exact: true })).toHaveValue(
          "2026-01-01",
        );
        await expect(page.getByRole("textbox", { name: "Finished to", exact: true })).toHaveValue(
          "2026-01-31",
        );
        await expectNoSeriousViolations(page, `the finishing-day filters, ${theme}, ${width} px`);
        await snap(page, testInfo, `finished-filters-${theme}-${width}`);
      });
    }
  }
});
