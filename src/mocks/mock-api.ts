/**
 * The API of mock mode: the server's own `createApp` over the in-memory store, so validation, the job machine and
 * access rules are the real ones. MSW hands every `/v1` request to it: in the browser (mock mode), in Vitest (Node)
 * and in Playwright alike.
 *
 * Besides the API itself it holds the faults the scenario panel provokes. They act on the transport (a refused
 * request, a cut stream), never on the app, so everything that does reach the app is answered as the real server
 * would.
 */
import { http, type RequestHandler } from "msw";
import { createApp, DEFAULT_ACCOUNT_ID, DEFAULT_ENVIRONMENT_ID } from "../server/app";
import { startSystemJobs, type SystemWorker } from "../server/system-jobs";
import { MemoryBlobStore } from "../server/files/memory-blob-store";
import { MemoryStore } from "../server/store/memory-store";

/** The body of an injected server error: the shape every error of the API has. */
export const INJECTED_ERROR_MESSAGE = "Internal error (injected by mock mode): the request was not completed";

export type MockFaults = {
  /**
   * The next dashboard request (not the event stream, not a caller with the secret key, so not the listener)
   * answers 500 with the API's error body; only that one. Resolves with the request's method and path once it
   * was answered.
   */
  failNextCall: () => Promise<{ method: string; path: string }>;
  /**
   * Cuts every open event stream, as a dropped connection would, and answers new stream requests 503 for
   * `downForMs` (0 by default), so clients show that they reconnect, then resume from their last event.
   * Answers how many streams were cut.
   */
  dropStreams: (options?: { downForMs?: number }) => number;
  /** How many event streams are open now. */
  openStreams: () => number;
};

export type MockApi = {
  /** The secret key the mock server signs tokens with (it has every right). */
  secretKey: string;
  store: MemoryStore;
  /** Where uploaded files' bytes are kept (the system worker extracts them from here). */
  blobs: MemoryBlobStore;
  /** Starts the platform's own worker (extract, import) over this mock's store and files, as the server runs it. */
  startSystemWorker: () => SystemWorker;
  /** Answers one request exactly as the real server would. */
  fetch: (request: Request) => Promise<Response>;
  /** The MSW handlers that route `/v1/*` of any origin to `fetch` (with the faults in front). */
  handlers: RequestHandler[];
  faults: MockFaults;
};

export const MOCK_SECRET_KEY = "sk_mock_0000000000000000";

const STREAM_PATH = /\/v1\/events\/stream$/;

const errorBody = (message: string) => ({ errors: [{ message }] });

/** True when the request carries the secret key (listeners, scripts), not a dashboard token. */
function bySecretKey(request: Request, secretKey: string): boolean {
  const bearer = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
  return bearer === secretKey || new URL(request.url).searchParams.get("token") === secretKey;
}

/**
 * Passes a stream response's body through a stream of our own, so it can be cut from outside: the client sees its
 * read fail as after a network drop, and the app sees its stream canceled (it unsubscribes as on a disconnect).
 * The request's abort cuts it too: MSW in Node neither ends a mocked body when the client aborts its fetch nor
 * passes the body's cancel on, and without this a client that closes its stream would wait forever.
 */
function cuttable(response: Response, open: Set<() => void>, signal: AbortSignal): Response {
  const source = response.body;
  if (!source) return response;
  const reader = source.getReader();
  let finished = false;
  let cut = () => undefined as void;
  const finish = () => {
    finished = true;
    open.delete(cut);
    signal.removeEventListener("abort", cut);
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      cut = () => {
        if (finished) return;
        finish();
        controller.error(new TypeError("mock mode dropped the event stream"));
        void reader.cancel().catch(() => undefined);
      };
      open.add(cut);
      if (signal.aborted) cut();
      else signal.addEventListener("abort", cut, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (finished) return;
        if (done) {
          finish();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        if (finished) return;
        finish();
        controller.error(error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  });
  return new Response(body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

export function createMockApi(options: { secretKey?: string; now?: () => Date } = {}): MockApi {
  const secretKey = options.secretKey ?? MOCK_SECRET_KEY;
  const store = new MemoryStore();
  const blobs = new MemoryBlobStore();
  const app = createApp({ store, secretKey, blobs, ...(options.now ? { now: options.now } : {}) });
  const fetch = async (request: Request) => app.fetch(request);

  const streams = new Set<() => void>();
  let streamsDownUntil = 0;
  let nextCallFails: ((answered: { method: string; path: string }) => void) | undefined;

  const handlers = [
    http.all(/\/v1\/.*/, async ({ request }) => {
      const path = new URL(request.url).pathname;
      if (STREAM_PATH.test(path)) {
        if (Date.now() < streamsDownUntil) {
          return Response.json(errorBody("The event stream is down (mock mode); try again shortly"), {
            status: 503,
          });
        }
        return cuttable(await fetch(request), streams, request.signal);
      }
      if (nextCallFails && !bySecretKey(request, secretKey)) {
        const answered = nextCallFails;
        nextCallFails = undefined;
        answered({ method: request.method, path });
        return Response.json(errorBody(INJECTED_ERROR_MESSAGE), { status: 500 });
      }
      return fetch(request);
    }),
  ];

  const faults: MockFaults = {
    failNextCall: () => new Promise((resolve) => (nextCallFails = resolve)),
    dropStreams: ({ downForMs = 0 } = {}) => {
      streamsDownUntil = Date.now() + downForMs;
      const open = [...streams];
      for (const cut of open) cut();
      return open.length;
    },
    openStreams: () => streams.size,
  };
  const startSystemWorker = () =>
    startSystemJobs({
      store,
      blobs,
      now: options.now ?? (() => new Date()),
      environmentId: DEFAULT_ENVIRONMENT_ID,
      accountId: DEFAULT_ACCOUNT_ID,
    });
  return { secretKey, store, blobs, startSystemWorker, fetch, handlers, faults };
}
