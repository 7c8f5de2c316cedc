/**
 * A split job in the dashboard: a listener's job divided into five parts, two done and one failed, shows "2 of 5
 * parts done (1 failed)" in the jobs panel and as the Parts row of its detail, and the line follows the parts live.
 * Axe, and screenshots in both themes at phone and desktop widths.
 */
import { admin, expect, expectNoSeriousViolations, openSignedIn, preferTheme, snap, test } from "./fixtures";

async function splitJob(spaceId: string) {
  // An operation no demo listener handles: the test plays the listener.
  const parent = await admin.jobs.create({
    type: "space",
    operation: "load-batches",
    source: spaceId,
    trigger: "immediate",
    mode: "background",
  });
  await admin.jobs.ack(parent.id, { info: "Loading in batches" });
  await admin.jobs.split(parent.id, { parts: 5, runInParallel: true });
  const { data: parts } = await admin.jobs.list({ parentId: parent.id, sortDirection: "asc" });
  parts.sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
  for (const part of parts.slice(0, 3)) await admin.jobs.ack(part.id);
  await admin.jobs.complete(parts[0]!.id);
  await admin.jobs.complete(parts[1]!.id);
  await admin.jobs.fail(parts[2]!.id, { outcome: { message: "Batch 3 had unreadable rows" } });
  return { parent, parts };
}

for (const theme of ["light", "dark"] as const) {
  test(`a split job shows how many of its parts are done (${theme})`, async ({ page, demo }, testInfo) => {
    test.setTimeout(60_000);
    await preferTheme(page, theme);
    const { parent, parts } = await splitJob(demo.spaceId);
    let done = "2 of 5 parts done (1 failed)";

    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 500 ? 900 : 844 });
      await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
      await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute("data-status", "live");
      await page.locator('[data-slot="jobs-button"]').click();
      const panel = page.getByRole("dialog", { name: "Jobs" });
      const item = panel.locator(`[data-job-id="${parent.id}"]`);
      await expect(item.locator('[data-slot="job-parts"]')).toHaveText(done);
      await snap(page, testInfo, `panel-${theme}-${width}`);
      if (width === 1440) {
        await expectNoSeriousViolations(page, "the jobs panel with a split job");
        // Live: another part ends and the parent's line follows from its events.
        await admin.jobs.ack(parts[3]!.id);
        await admin.jobs.complete(parts[3]!.id);
        done = "3 of 5 parts done (1 failed)";
        await expect(item.locator('[data-slot="job-parts"]')).toHaveText(done);
      }
      await page.keyboard.press("Escape");

      await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}/jobs/${parent.id}`);
      const row = page.locator('[data-slot="job-detail"] [data-slot="job-parts"]');
      await expect(row).toHaveText(done);
      await snap(page, testInfo, `detail-${theme}-${width}`);
      if (width === 1440) await expectNoSeriousViolations(page, "the detail of a split job");
    }
  });
}
