/**
 * What the tests that drive this server through Flatfile's own `@flatfile/api` client share: the environment such a
 * client is configured by, a test server reached that way, and the client's typed errors.
 */
import { FlatfileError } from "@flatfile/api";
import { expect } from "vitest";
import { startTestServer, type TestServer } from "./test-server";

/**
 * The variables `@flatfile/api` and `@flatfile/listener` read for the server's URL and key, aliases included. Server
 * code may not import the SDK's, so src/sdk/testing/flatfile-env.ts keeps its own copy of `useFlatfileEnv`.
 */
const FLATFILE_ENV_KEYS = [
  "FLATFILE_API_URL",
  "FLATFILE_API_KEY",
  "FLATFILE_BEARER_TOKEN",
  "AGENT_INTERNAL_URL",
] as const;

/**
 * Configures a `new FlatfileClient()` by the environment only, as a listener written for Flatfile is: sets
 * `FLATFILE_API_URL` and `FLATFILE_API_KEY`, and removes `FLATFILE_BEARER_TOKEN` (it would win over
 * `FLATFILE_API_KEY`) and `AGENT_INTERNAL_URL` (it would win over the URL). The client reads them lazily, so they must
 * stay set while it is used; answers the function that puts every variable back as it was.
 */
export function useFlatfileEnv(baseUrl: string, key: string): () => void {
  const saved = new Map(FLATFILE_ENV_KEYS.map((name) => [name, process.env[name]]));
  delete process.env.FLATFILE_BEARER_TOKEN;
  delete process.env.AGENT_INTERNAL_URL;
  process.env.FLATFILE_API_URL = baseUrl;
  process.env.FLATFILE_API_KEY = key;
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/**
 * A test server with `useFlatfileEnv` pointing at it, so that a `new FlatfileClient()` reaches it; `stop()` puts the
 * environment back, then stops the server.
 */
export async function startFlatfileTestServer(): Promise<TestServer> {
  const server = await startTestServer();
  const restoreEnv = useFlatfileEnv(server.baseUrl, server.secretKey);
  return {
    ...server,
    async stop() {
      restoreEnv();
      await server.stop();
    },
  };
}

/** Expects `call` to reject with a `FlatfileError` of this HTTP status; answers the error. */
export async function expectApiError(call: () => Promise<unknown>, status: number): Promise<FlatfileError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FlatfileError);
  expect((error as FlatfileError).statusCode).toBe(status);
  return error as FlatfileError;
}
