/**
 * Listener presence in the dashboard, against the real server and the real demo listener: an operator's Listeners
 * page lists the demo listener, and an action whose job nobody handles says so before the click and its job says
 * "Waiting for a worker to connect" in the overlay instead of spinning, until a worker for it connects and runs it;
 * axe and screenshots (1440 light, 390 dark).
 */
import { createListener, jobHandler } from "../src/sdk";
import {
  admin,
  baseUrl,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  snap,
  test,
} from "./fixtures";

/** The test's own worker reports nothing on the test's output. */
const quietLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
};

const HINT = "No worker is connected for this action; it will wait until one connects";

test("an operator's Listeners page lists the demo listener and what it handles (1440 px, light)", async ({
  page,
  demo,
}, testInfo) => {
  await preferTheme(page, "light");
  await page.setViewportSize({ width: 1440, height: 900 });
  await openSignedIn(page, demo.operatorToken, "/");
  await page.getByRole("link", { name: "Listeners", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Listeners" })).toBeVisible();
  const table = page.getByRole("table", { name: "Connected listeners" });
  const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "demo-listener" }) });
  await expect(row).toHaveCount(1);
  // The demo's export, named as people read it.
  await expect(row.getByRole("cell").last()).toContainText("Export (workbook)");
  await snap(page, testInfo, "listeners-1440-light");
  await expectNoSeriousViolations(page, "the Listeners page (light)");
});

test("an action nobody handles says so, and its job waits for a worker instead of spinning (390 px, dark)", async ({
  page,
  demo,
}, testInfo) => {
  await preferTheme(page, "dark");
  await page.setViewportSize({ width: 390, height: 844 });
  // A workbook of the demo space with an action the demo listener has no handler for.
  const workbook = await admin.workbooks.create({
    name: "Archive",
    spaceId: demo.spaceId,
    sheets: [{ name: "Notes", slug: "notes", fields: [{ key: "text", type: "string", label: "Text" }] }],
    actions: [
      { operation: "archive-report", label: "Archive report", mode: "foreground", primary: true },
      { operation: "export", label: "Export Data", mode: "foreground" },
    ],
  });
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}?workbook=${workbook.id}`);
  const bar = page.getByRole("group", { name: "Actions for Archive" });
  const archive = bar.getByRole("button", { name: "Archive report" });
  await expect(archive).toHaveAccessibleDescription(HINT);
  await expect(archive).not.toHaveAttribute("aria-disabled");
  // The demo listener handles the export on any workbook: no hint there.
  await expect(bar.getByRole("button", { name: "Export Data" })).not.toHaveAccessibleDescription(HINT);

  await archive.click();
  const dialog = page.getByRole("dialog", { name: "Archive report" });
  await expect(dialog).toContainText(HINT);
  await snap(page, testInfo, "listeners-hint-dialog-390-dark");
  await dialog.getByRole("button", { name: "Archive report" }).click();
  await expect(dialog).toBeHidden();

  const overlay = page.locator('[data-slot="job-overlay"]');
  await expect(overlay.locator('[data-slot="job-waiting-worker"]')).toContainText(
    "Waiting for a worker to connect",
  );
  await expect(overlay.locator(".job-spinner")).toHaveCount(0);
  await snap(page, testInfo, "listeners-waiting-390-dark");
  await expectNoSeriousViolations(page, "a job that waits for a worker (dark)");

  const { data } = await admin.jobs.list({ spaceId: demo.spaceId, type: "workbook" });
  const waiting = data.find((job) => job.operation === "archive-report");
  expect(waiting?.status).toBe("ready");

  // A worker for it connects: it picks up the job that waited, and the overlay turns into its progress.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const worker = createListener({ name: "e2e-archiver", logger: quietLogger }).use(
    jobHandler("workbook:archive-report", async (_job, tick) => {
      await tick(40, "Archiving the report");
      await held;
      return { message: "The report is archived." };
    }),
  );
  await worker.mount({ baseUrl, token: process.env.E2E_API_SECRET_KEY! });
  try {
    await expect(overlay.locator('[data-slot="job-overlay-info"]')).toHaveText("Archiving the report", {
      timeout: 20_000,
    });
    await expect(overlay.locator('[data-slot="job-waiting-worker"]')).toHaveCount(0);
    release();
    await expect(overlay).toHaveCount(0);
    expect((await admin.jobs.get(waiting!.id)).status).toBe("complete");
  } finally {
    release();
    await worker.unmount();
  }
});

test("the Listeners page fits a phone (390 px, dark)", async ({ page, demo }, testInfo) => {
  await preferTheme(page, "dark");
  await page.setViewportSize({ width: 390, height: 844 });
  await openSignedIn(page, demo.operatorToken, "/listeners");
  await expect(page.getByRole("rowheader", { name: "demo-listener" })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await snap(page, testInfo, "listeners-390-dark");
  await expectNoSeriousViolations(page, "the Listeners page (dark)");
});
