/**
 * The seam that lets one user-flow spec run on both Playwright projects. `backend` does the few things a flow needs
 * besides the page (a demo space, tokens, reading jobs, following a sign-in link):
 *
 * - project "chromium" (`apiMode: "server"`): through the Node SDK client against the real server, as fixtures.ts;
 * - project "mock" (`apiMode: "mock"`): in the page, through `window.__mockApi` (src/mocks/test-hook.ts), because
 *   the mock API lives in the page and a full navigation would start it over. The static server behind it has no
 *   API; the fixture checks at the end that every `/v1` request was answered by the page's service worker.
 */
import { expect, test as base, type Page, type Response } from "@playwright/test";
import type { MockJob } from "../src/mocks/test-hook";
import type { MockDemoSpace } from "../src/mocks/seed";
import { admin, createDemoSpace, openSignedIn } from "./fixtures";

export { expect };

export type FlowOptions = {
  /** Which API the project's dashboard talks to: the real server, or mock mode's in-page one. */
  apiMode: "server" | "mock";
};

/** A built demo space: ids and tokens. */
export type FlowSpace = MockDemoSpace;
export type FlowJob = MockJob;

export type Backend = {
  readonly mode: FlowOptions["apiMode"];
  /** Loads the dashboard's start page (in mock mode: starts the page's backend, seeding its demo space). */
  load: () => Promise<void>;
  /** A new demo space, built by the demo listener (the real one, or the page's simulated one). */
  createDemoSpace: (name: string) => Promise<FlowSpace>;
  /** Opens `path` of the dashboard signed in with `token`, as the links `npm start` prints do. */
  open: (path: string, token: string) => Promise<void>;
  /** The space's jobs, newest first. */
  jobs: (spaceId: string) => Promise<FlowJob[]>;
};

function serverBackend(page: Page): Backend {
  return {
    mode: "server",
    load: async () => void (await page.goto("/")),
    createDemoSpace: async (name) => {
      const demo = await createDemoSpace(name);
      return {
        spaceId: demo.spaceId,
        workbookId: demo.workbook.id,
        sheetId: demo.sheet.id,
        documentId: demo.documentId,
        fileId: demo.fileId,
        userToken: demo.userToken,
        operatorToken: demo.operatorToken,
      };
    },
    open: (path, token) => openSignedIn(page, token, path),
    jobs: async (spaceId) => {
      const { data } = await admin.jobs.list({ spaceId, pageSize: 1000 });
      return data.map((job) => ({
        id: job.id,
        type: job.type,
        operation: job.operation,
        status: job.status,
        ...(job.progress === undefined ? {} : { progress: job.progress }),
      }));
    },
  };
}

/** Loads mock mode once per page (it seeds its own demo space) and waits until its test hook is there. */
async function bootMock(page: Page): Promise<void> {
  if (await page.evaluate(() => window.__mockApi !== undefined).catch(() => false)) return;
  await page.goto("/");
  await page.waitForFunction(() => window.__mockApi !== undefined, null, { timeout: 30_000 });
}

function mockBackend(page: Page): Backend {
  return {
    mode: "mock",
    load: () => bootMock(page),
    createDemoSpace: async (name) => {
      await bootMock(page);
      return page.evaluate((spaceName) => window.__mockApi!.createDemoSpace(spaceName), name);
    },
    open: async (path, token) => {
      await bootMock(page);
      await page.evaluate((link) => window.__mockApi!.openLink(link), `${path}#token=${token}`);
    },
    jobs: async (spaceId) => {
      await bootMock(page);
      return page.evaluate((id) => window.__mockApi!.jobs(id), spaceId);
    },
  };
}

export const test = base.extend<FlowOptions & { backend: Backend }>({
  apiMode: ["server", { option: true }],
  backend: async ({ apiMode, page }, use) => {
    if (apiMode === "server") {
      await use(serverBackend(page));
      return;
    }
    const apiResponses: Response[] = [];
    page.on("response", (response) => {
      if (new URL(response.url()).pathname.startsWith("/v1/")) apiResponses.push(response);
    });
    await use(mockBackend(page));
    // No request reached a real API: the page's worker answered every one, and none slipped past it.
    const fromNetwork = apiResponses.filter((response) => !response.fromServiceWorker()).map((r) => r.url());
    expect(fromNetwork, "/v1 responses that did not come from mock mode's service worker").toEqual([]);
    const unhandled = await page.evaluate(() => window.__mockApi?.unhandledApiRequests ?? []).catch(() => []);
    expect(unhandled, "/v1 requests mock mode's worker let through to the network").toEqual([]);
  },
});
