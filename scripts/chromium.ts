/**
 * How every browser of the project is launched (Playwright's tests, the bench, the screenshot script): the
 * distribution's Chromium when it is there (`/usr/bin/chromium`, or the one `CHROMIUM_PATH` names), otherwise
 * Playwright's own download, with the switches a container without a sandbox or network needs.
 */
import { existsSync } from "node:fs";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export function chromiumLaunchOptions(): { executablePath: string | undefined; args: string[] } {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined),
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-gpu",
    ],
  };
}
