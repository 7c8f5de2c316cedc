/**
 * Makes the README's screenshot: builds nothing, starts the real server on a temp data folder, opens the dashboard
 * and the API reference in Chromium, and writes docs/screenshot.png. Run `npm run build` first.
 */
import { chromium } from "@playwright/test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startServer } from "../src/server/node/start-server";

const dataDir = mkdtempSync(join(tmpdir(), "jobs-shot-"));
const server = await startServer({ port: 0, host: "127.0.0.1", dataDir, webDir: resolve("dist/web") });
const browser = await chromium.launch({
  executablePath:
    process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined),
  args: [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${server.port}/`);
  await page.getByText("API: ok").waitFor();
  const left = await page.screenshot();
  await page.goto(`http://127.0.0.1:${server.port}/v1/docs#Jobs`);
  const right = await page.screenshot();
  // Side by side on one canvas, drawn by the browser itself so no image library is needed.
  const canvas = await browser.newPage({ viewport: { width: 1280, height: 400 } });
  await canvas.setContent(
    `<body style="margin:0;display:flex;gap:8px;background:#888"><img style="width:636px" src="data:image/png;base64,${left.toString("base64")}"><img style="width:636px" src="data:image/png;base64,${right.toString("base64")}"></body>`,
  );
  await canvas.screenshot({ path: "docs/screenshot.png" });
  console.log("wrote docs/screenshot.png");
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
