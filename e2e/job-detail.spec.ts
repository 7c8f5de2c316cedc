import { admin, expect, expectNoSeriousViolations, openSignedIn, preferTheme, snap, test } from "./fixtures";

test.describe("job detail", () => {
  test("an operator sees a part's parent and siblings, copies the raw job, and deletes a job after confirming", async ({
    page,
    demo,
  }, testInfo) => {
    const make = (extra: { parentId?: string; part?: number; predecessorIds?: string[] } = {}) =>
      admin.jobs.create({
        type: "workbook",
        operation: "e2e-split-sync",
        source: demo.workbook.id,
        spaceId: demo.spaceId,
        input: { region: "north", limit: 20 },
        ...extra,
      });
    const parent = await make();
    const first = await make({ parentId: parent.id, part: 1 });
    const second = await make({ parentId: parent.id, part: 2 });
    const after = await make({ predecessorIds: [parent.id] });

    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs/${first.id}`);
    const related = page.locator('[data-slot="job-links"]');
    await related.getByRole("link", { name: parent.id }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${parent.id}$`));
    const parts = page.getByRole("list", { name: "Parts" });
    await expect(parts.getByRole("link")).toHaveText(["Part 1", "Part 2"]);
    await related.scrollIntoViewIfNeeded();
    await snap(page, testInfo, "job-detail-related-both-ways");
    // A job that waits for this one links here, and this one links to it.
    await related.getByRole("list", { name: "Waited on by" }).getByRole("link", { name: after.id }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${after.id}$`));
    await related.getByRole("list", { name: "Predecessors" }).getByRole("link", { name: parent.id }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${parent.id}$`));

    // The raw job: folded until asked for, reachable and scrollable by keyboard, copied whole.
    await page.locator('[data-slot="job-raw-json"] summary').click();
    const raw = page.getByLabel("The job as JSON");
    await expect(raw).toBeVisible();
    await page.getByRole("button", { name: "Copy JSON" }).click();
    await expect(page.locator('[data-slot="job-raw-json"] [role="status"]')).toHaveText(
      "Copied the job's JSON",
    );
    const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { id: string };
    expect(copied.id).toBe(parent.id);
    await raw.focus();
    await expect(raw).toBeFocused();
    await expectNoSeriousViolations(page, "the job detail with its raw JSON");
    await snap(page, testInfo, "job-detail-raw-json");

    await parts.getByRole("link", { name: "Part 2" }).click();
    await expect(page).toHaveURL(new RegExp(`/jobs/${second.id}$`));
    await page.getByRole("button", { name: /^Delete / }).click();
    const ask = page.getByRole("dialog");
    await expect(ask).toContainText(second.id);
    await expectNoSeriousViolations(page, "the delete question", '[role="dialog"]');
    await snap(page, testInfo, "job-detail-delete-question");
    await ask.getByRole("button", { name: "Cancel" }).click();
    await expect(ask).toBeHidden();
    await expect(admin.jobs.get(second.id)).resolves.toMatchObject({ id: second.id });

    await page.getByRole("button", { name: /^Delete / }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete job" }).click();
    await expect(page).toHaveURL(new RegExp(`/space/${demo.spaceId}/jobs$`));
    await expect(admin.jobs.get(second.id)).rejects.toThrow();
  });

  test("an operator deletes the selected jobs from the table after a question naming how many", async ({
    page,
    demo,
  }) => {
    const jobs = await Promise.all(
      [1, 2].map(() =>
        admin.jobs.create({
          type: "workbook",
          operation: "e2e-cleanup",
          source: demo.workbook.id,
          spaceId: demo.spaceId,
        }),
      ),
    );
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs`);
    for (const job of jobs) await page.getByRole("checkbox", { name: new RegExp(job.id) }).check();
    await page.getByRole("button", { name: "Delete 2" }).click();
    const ask = page.getByRole("dialog", { name: "Delete 2 jobs?" });
    await expectNoSeriousViolations(page, "the bulk delete question", '[role="dialog"]');
    await ask.getByRole("button", { name: "Delete 2 jobs" }).click();
    await expect(page.getByText("Deleted 2 of 2 jobs.")).toBeVisible();
    for (const job of jobs)
      await expect(page.getByRole("checkbox", { name: new RegExp(job.id) })).toHaveCount(0);
  });

  // Screenshots to look at, in both themes, on a phone and a wide screen (into E2E_SHOTS_DIR when given).
  for (const theme of ["light", "dark"] as const)
    for (const width of [390, 1440])
      test(`the job detail's related jobs, raw JSON and delete question, ${theme}, ${width} px`, async ({
        page,
        demo,
      }, testInfo) => {
        const shot = (name: string) =>
          process.env.E2E_SHOTS_DIR
            ? `${process.env.E2E_SHOTS_DIR}/${name}-${theme}-${width}.png`
            : testInfo.outputPath(`${name}.png`);
        const parent = await admin.jobs.create({
          type: "workbook",
          operation: "e2e-split-sync",
          source: demo.workbook.id,
          spaceId: demo.spaceId,
          input: { region: "north" },
        });
        const part = await admin.jobs.create({
          type: "workbook",
          operation: "e2e-split-sync",
          source: demo.workbook.id,
          spaceId: demo.spaceId,
          parentId: parent.id,
          part: 1,
          predecessorIds: [parent.id],
        });
        await preferTheme(page, theme);
        await page.setViewportSize({ width, height: 900 });
        await openSignedIn(page, demo.operatorToken, `/space/${demo.spaceId}/jobs/${part.id}`);
        await expect(page.getByRole("link", { name: parent.id }).first()).toBeVisible();
        await page.locator('[data-slot="job-raw-json"] summary').click();
        await expect(page.getByLabel("The job as JSON")).toBeVisible();
        await expectNoSeriousViolations(page, `the job detail (${theme}, ${width} px)`);
        // Nothing wider than a phone: the JSON's long lines scroll inside their own box.
        const article = await page.locator('[data-slot="job-detail"]').boundingBox();
        expect(article!.x + article!.width).toBeLessThanOrEqual(width);
        await page.getByLabel("The job as JSON").scrollIntoViewIfNeeded();
        await page.screenshot({ path: shot("detail"), fullPage: true });
        await page.getByRole("button", { name: /^Delete / }).click();
        await expect(page.getByRole("dialog")).toBeVisible();
        await page.screenshot({ path: shot("delete") });
      });
});
