/**
 * Makes the README's screenshot (docs/screenshot.png) from the real product: starts the server on a temp data folder
 * with the demo listener in-process, creates the demo space, signs in as its end user, opens the contacts sheet, selects
 * a few rows, starts a background job and then "Export Data" (foreground): the shot shows the sheet under the export's
 * overlay (progress, time left) with the running jobs counted in the header. Run `npm run screenshot` (it builds first).
 */
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { registerDemo } from "../src/demo";
import { createClient, createListener, silentLogger } from "../src/sdk";
import { startServer } from "../src/server/node/start-server";

const dataDir = mkdtempSync(join(tmpdir(), "jobs-shot-"));
const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, webDir: resolve("dist/web") });
const baseUrl = `http://127.0.0.1:${server.port}`;
const listener = registerDemo(createListener({ logger: silentLogger }));
await listener.mount({ baseUrl, token: server.secretKey });
const api = createClient({ baseUrl, token: server.secretKey });
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const space = await api.spaces.create({ name: "October Report", metadata: { demo: true } });
  // The listener builds the space from its space:configure job.
  for (let i = 0; i < 100 && (await api.workbooks.list({ spaceId: space.id })).data.length === 0; i++) {
    await new Promise((done) => setTimeout(done, 100));
  }
  const [workbook] = (await api.workbooks.list({ spaceId: space.id })).data;
  const sheet = workbook!.sheets[0]!;
  const { token } = await api.auth.createToken({ role: "user", spaceId: space.id });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`${baseUrl}/space/${space.id}/workbook/${workbook!.id}/sheet/${sheet.id}#token=${token}`);
  await page.getByRole("grid", { name: "Records" }).waitFor();
  // Rows show placeholders until their page arrives; select once they are real.
  await page.locator(".row-check:not([aria-disabled])").first().waitFor();
  for (const row of [2, 3, 5])
    await page.getByRole("checkbox", { name: `Select row ${row}`, exact: true }).click();
  const user = createClient({ baseUrl, token });
  const start = (operation: string, mode: "foreground" | "background") =>
    user.jobs.create({ type: "workbook", operation, source: workbook!.id, trigger: "immediate", mode });
  await start("sync-crm", "background");
  await start("export", "foreground");
  await page.locator('[data-slot="job-overlay"]').getByText(/left/).waitFor({ timeout: 15_000 });
  await page.screenshot({ path: "docs/screenshot.png" });
  console.log("wrote docs/screenshot.png");
} finally {
  await browser.close();
  await listener.unmount();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
