/**
 * What mock mode exposes on `window.__mockApi` for Playwright (e2e/flow-fixtures.ts): the same few operations the
 * real-server project does with the Node SDK, done in the page where the mock API lives. Mock mode only.
 */
import type { Scenarios } from "./scenarios";
import type { MockDemoSpace } from "./seed";

export type MockJob = { id: string; type: string; operation: string; status: string; progress?: number };

export type MockTestHook = {
  /** The demo space seeded when the page loaded. */
  demo: MockDemoSpace;
  /** A new demo space, built by the simulated listener. */
  createDemoSpace: (name?: string) => Promise<MockDemoSpace>;
  /** A space's jobs, newest first. */
  jobs: (spaceId: string) => Promise<MockJob[]>;
  /**
   * Follows a dashboard link (`/space/…#token=…`) without reloading the page, which would start the in-page
   * backend over: the dashboard is mounted again, signed in from the link as on a page load.
   */
  openLink: (link: string) => void;
  /**
   * Runs a `mutateRecord` function (secret key only) over every record of a sheet, as a developer's code would, and
   * waits for its job: the page's own WebAssembly sandbox runs it. Answers the job's status and outcome message.
   */
  mutate: (sheetId: string, mutateRecord: string) => Promise<{ status: string; message?: string }>;
  /** `/v1` requests the worker did not answer (they went to the network); stays empty. */
  unhandledApiRequests: string[];
  scenarios: Scenarios;
};

declare global {
  interface Window {
    __mockApi?: MockTestHook;
  }
}
