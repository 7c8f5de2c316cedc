/**
 * The dashboard under its security headers: the real server's Content-Security-Policy, frame-ancestors, nosniff and
 * no-referrer are on the page, and a session that opens a sheet, runs an action and opens the Jobs panel trips none
 * of the policy's rules (collected from the console and from `securitypolicyviolation` events).
 */
import type { Page } from "@playwright/test";
import { admin, expect, openSignedIn, test } from "./fixtures";

type Violation = { directive: string; blocked: string; sample: string };

declare global {
  interface Window {
    policyViolations: Violation[];
  }
}

/** Records every policy violation the page reports, from its first script on. */
async function watchViolations(
  page: Page,
): Promise<{ console: string[]; events: () => Promise<Violation[]> }> {
  await page.addInitScript(() => {
    window.policyViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.policyViolations.push({
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
      });
    });
  });
  const messages: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) messages.push(message.text());
  });
  return { console: messages, events: () => page.evaluate(() => window.policyViolations) };
}

test("the dashboard works under its Content-Security-Policy and reports no violation", async ({
  page,
  demo,
}) => {
  const violations = await watchViolations(page);
  const path = `/space/${demo.spaceId}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`;
  const pageResponse = page.waitForResponse((response) => new URL(response.url()).pathname === path);
  await openSignedIn(page, demo.userToken, path);

  const headers = (await pageResponse).headers();
  expect(headers["content-security-policy"]).toContain("script-src 'self'");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");

  // The sheet: the grid is drawn and the first row is selected for an action on it.
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-row="0"][data-col="1"][data-slot="record-cell"]')).toBeVisible();
  await grid.getByRole("checkbox", { name: "Select row 1", exact: true }).click();
  await page.getByRole("button", { name: "Mark as contacted" }).click();
  await expect
    .poll(async () => {
      const { data } = await admin.jobs.list({ spaceId: demo.spaceId, operation: "mark-contacted" });
      return data[0]?.status;
    })
    .toBe("complete");
  const [job] = (await admin.jobs.list({ spaceId: demo.spaceId, operation: "mark-contacted" })).data;

  // The Jobs panel, a dialog (its scroll lock adds a style element at run time), shows the finished job.
  await page.getByRole("button", { name: /^Jobs\b/ }).click();
  const panel = page.getByRole("dialog", { name: "Jobs" });
  await expect(panel).toBeVisible();
  await expect(panel.locator(`[data-job-id="${job!.id}"]`)).toHaveAttribute("data-status", "complete");
  await page.keyboard.press("Escape");
  await expect(panel).toBeHidden();

  expect(await violations.events()).toEqual([]);
  expect(violations.console).toEqual([]);

  // The watch is live and the policy enforced: an inline script added now is refused and reported.
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineRan = true";
    document.body.append(script);
  });
  await expect
    .poll(violations.events)
    .toEqual([expect.objectContaining({ directive: "script-src-elem", blocked: "inline" })]);
  expect(await page.evaluate(() => "inlineRan" in window)).toBe(false);
});
