import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./scripts/chromium";
import type { FlowOptions } from "./e2e/flow-fixtures";

/** Asks the OS for a free port; synchronous because the config is evaluated synchronously. */
function findFreePort(): string {
  const script =
    'const s = require("node:net").createServer();' +
    's.listen(0, "127.0.0.1", () => { process.stdout.write(String(s.address().port)); s.close(); });';
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

// Playwright evaluates this file in the runner and again in every worker. The runner picks the values once and
// stores them in process.env, which the workers inherit, so tests and the server agree on port, key and data.
process.env.E2E_PORT ??= findFreePort();
process.env.E2E_API_SECRET_KEY ??= `sk_e2e_${randomBytes(16).toString("hex")}`;
process.env.E2E_BASE_URL ??= `http://127.0.0.1:${process.env.E2E_PORT}`;
// Mock mode: the static mock build on a plain static file server of its own, with no API behind it.
process.env.E2E_MOCK_PORT ??= findFreePort();
if (!process.env.E2E_DATA_DIR) {
  const dataDir = mkdtempSync(join(tmpdir(), "jobs-e2e-"));
  process.env.E2E_DATA_DIR = dataDir;
  // Each run starts from an empty database and leaves nothing behind.
  process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
}

const port = process.env.E2E_PORT;
const baseURL = process.env.E2E_BASE_URL;
const mockPort = process.env.E2E_MOCK_PORT;

const chromium = {
  ...devices["Desktop Chrome"],
  launchOptions: chromiumLaunchOptions(),
};

export default defineConfig<FlowOptions>({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: true,
  // Two browsers at once: the specs spend most of their time waiting on the demo listener, not on the CPU.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    // A trace snapshots the page at every step of every test, kept or not: a fifth of the suite's CPU on two cores.
    // E2E_TRACE=retain-on-failure (or on) records them when a failure needs one.
    trace: (process.env.E2E_TRACE as "on" | "off" | "retain-on-failure" | undefined) ?? "off",
  },
  projects: [
    {
      // The real server (with the demo listener) serving the production build: every spec but mock mode's own.
      name: "chromium",
      testIgnore: /mock-mode\.spec\.ts$/,
      use: { ...chromium, apiMode: "server" },
    },
    {
      // Mock mode: the static mock build, no API at all: the user flows both projects share, and mock mode's own.
      name: "mock",
      testMatch: /(flows|mock-mode)\.spec\.ts$/,
      use: { ...chromium, apiMode: "mock", baseURL: `http://127.0.0.1:${mockPort}` },
    },
  ],
  webServer: [
    {
      command: "node --import tsx src/server/main.ts",
      url: `${baseURL}/v1/health`,
      env: {
        PORT: port,
        DATA_DIR: process.env.E2E_DATA_DIR,
        API_SECRET_KEY: process.env.E2E_API_SECRET_KEY,
        // The built dashboard; another folder lets several checkouts' builds run side by side.
        WEB_DIR: process.env.E2E_WEB_DIR ?? "dist/web",
        // Scheduled actions get their next run within a second of a space being built, not 15 s.
        MAINTENANCE_INTERVAL_SECONDS: "1",
      },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // The demo listener runs every demo action's jobs, as `npm start` does.
      command: "node --import tsx src/demo/main.ts",
      wait: { stdout: /Demo listener listening/ },
      env: { API_URL: baseURL, API_SECRET_KEY: process.env.E2E_API_SECRET_KEY },
      reuseExistingServer: false,
      timeout: 60_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // `npm run build:mock` output (or E2E_MOCK_WEB_DIR), served as plain files.
      command: `node --import tsx e2e/static-server.ts ${process.env.E2E_MOCK_WEB_DIR ?? "dist/mock"} ${mockPort}`,
      wait: { stdout: /static server listening/ },
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
