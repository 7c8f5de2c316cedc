/**
 * The API of mock mode: the server's own `createApp` over the in-memory store, so validation, the job machine and
 * access rules are the real ones. MSW hands every `/v1` request to it: in the browser (mock mode), in Vitest (Node)
 * and in Playwright alike.
 */
import { http, type RequestHandler } from "msw";
import { createApp } from "../server/app";
import { MemoryStore } from "../server/store/memory-store";

export type MockApi = {
  /** The secret key the mock server signs tokens with (it has every right). */
  secretKey: string;
  store: MemoryStore;
  /** Answers one request exactly as the real server would. */
  fetch: (request: Request) => Promise<Response>;
  /** The MSW handlers that route `/v1/*` of any origin to `fetch`. */
  handlers: RequestHandler[];
};

export const MOCK_SECRET_KEY = "sk_mock_0000000000000000";

export function createMockApi(options: { secretKey?: string; now?: () => Date } = {}): MockApi {
  const secretKey = options.secretKey ?? MOCK_SECRET_KEY;
  const store = new MemoryStore();
  const app = createApp({ store, secretKey, ...(options.now ? { now: options.now } : {}) });
  const fetch = async (request: Request) => app.fetch(request);
  const handlers = [http.all(/\/v1\/.*/, ({ request }) => fetch(request))];
  return { secretKey, store, fetch, handlers };
}
