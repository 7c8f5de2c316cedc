/**
 * Component tests against the real API: MSW (Node) hands every `/v1` request of the test to the server's own
 * `createApp` over a fresh in-memory store, the same handlers mock mode uses in the browser. Nothing mocks `fetch`
 * by hand.
 */
import { setupServer, type SetupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createClient, type ApiClient } from "../../sdk";
import { createMockApi, type MockApi } from "../../mocks/mock-api";

/** The origin the tests' clients talk to (jsdom's default page origin). */
export const TEST_ORIGIN = "http://localhost:3000";

export type MockServer = {
  /** The current test's API (a new store for every test). */
  readonly mock: MockApi;
  /** A client with the secret key, for seeding and checking. */
  readonly admin: ApiClient;
  /** Mints a dashboard token. */
  token: (claims: { role: "operator" } | { role: "user"; spaceId: string }) => Promise<string>;
  /**
   * The MSW server itself: `msw.use(...)` puts a one-test handler in front (a network error, say) and
   * `msw.events.on("request:start", ...)` observes what the page sends, without touching `fetch`.
   */
  readonly msw: SetupServer;
};

/** Registers the MSW server for the file's tests; each test gets an empty store. */
export function useMockServer(): MockServer {
  let mock = createMockApi();
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  beforeEach(() => {
    mock = createMockApi();
    server.resetHandlers(...mock.handlers);
  });
  afterEach(() => {
    server.resetHandlers();
    server.events.removeAllListeners();
  });
  afterAll(() => server.close());
  const admin = () => createClient({ baseUrl: TEST_ORIGIN, token: mock.secretKey });
  return {
    get mock() {
      return mock;
    },
    get admin() {
      return admin();
    },
    token: async (claims) => (await admin().auth.createToken({ ...claims, subject: "test" })).token,
    msw: server,
  };
}
