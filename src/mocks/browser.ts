/**
 * MSW in the browser: a service worker (`/mockServiceWorker.js`, served only by the mock build, see
 * vite.mock.config.ts) hands every `/v1` request of the page, the event stream included, to the mock API.
 */
import type { RequestHandler } from "msw";
import { setupWorker, type SetupWorker } from "msw/browser";

export const WORKER_URL = "/mockServiceWorker.js";

/** Starts the worker with `handlers`; resolves once it answers the page's requests. */
export async function startMockWorker(handlers: RequestHandler[]): Promise<SetupWorker> {
  const worker = setupWorker(...handlers);
  await worker.start({
    serviceWorker: { url: WORKER_URL },
    // Assets, fonts and the like go to the static server; only /v1 is the API.
    onUnhandledRequest: "bypass",
    // One console line per request drowns everything else out (a burst makes thousands).
    quiet: true,
  });
  return worker;
}
