import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { startServer, type RunningServer, type ServerConfig } from "../node/start-server";
import { createTestSchema, dropSchema } from "../store/postgres/test-database";

export type TestServer = RunningServer & {
  baseUrl: string;
  dataDir: string;
  /** Mints an access token with the secret key. */
  mintToken(role: "operator" | "user", spaceId?: string, expiresIn?: number): Promise<string>;
  /** A JSON call to /v1 with the secret key unless `token` says otherwise (`null` sends no token). */
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  /** A JSON call like `call` (secret key unless `token` is given) that throws unless it answers 200; answers the body. */
  ok(method: string, path: string, body?: unknown, token?: string): Promise<any>;
  /**
   * Every event of the log (secret key, acknowledged included), oldest first, across all pages of `pageSize` (1000
   * unless `query` says otherwise); `query` adds filters such as `spaceId`, `domain`, `topic` or `since`.
   */
  allEvents(query?: Record<string, string | number | undefined>): Promise<any[]>;
};

/**
 * A real server for tests: HTTP on a free loopback port, SQLite in a fresh temp folder (removed on stop unless
 * the caller passed its own `dataDir`). With `TEST_SERVER_STORE=postgres` (the `http-postgres` test project) the
 * store is a fresh schema of `TEST_DATABASE_URL` instead, dropped on stop: the same suites then run on PostgreSQL.
 */
export async function startTestServer(options: Partial<ServerConfig> = {}): Promise<TestServer> {
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), "jobs-test-"));
  const onPostgres = process.env.TEST_SERVER_STORE === "postgres" && !options.databaseUrl;
  const postgres = onPostgres ? await createTestSchema(requiredDatabaseUrl()) : undefined;
  const server = await startServer({
    ...(postgres ? { databaseUrl: postgres.url } : {}),
    port: 0,
    host: "127.0.0.1",
    dataDir,
    secretKey: options.secretKey ?? "sk_test_" + crypto.randomUUID().replaceAll("-", ""),
    // Background duties change jobs and the log on their own; tests that want them say so (and set the timing).
    maintenance: false,
    ...options,
  });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const call: TestServer["call"] = async (method, path, opts = {}) => {
    const token = opts.token === undefined ? server.secretKey : opts.token;
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = opts.rawBody;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const response = await fetch(baseUrl + "/v1" + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a page or a stream): keep the text.
    }
    return { status: response.status, body: parsed as any };
  };
  const ok: TestServer["ok"] = async (method, path, body, token) => {
    const response = await call(method, path, { body, token });
    if (response.status !== 200)
      throw new Error(`${method} ${path} -> ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };
  return {
    ...server,
    baseUrl,
    dataDir,
    call,
    ok,
    async allEvents(query = {}) {
      const params = new URLSearchParams({ includeAcknowledged: "true", pageSize: "1000" });
      for (const [key, value] of Object.entries(query)) {
        if (value !== undefined) params.set(key, String(value));
      }
      const events: any[] = [];
      for (let page = 1; ; page++) {
        params.set("pageNumber", String(page));
        const { data, pagination } = await ok("GET", `/events?${params}`);
        events.push(...data);
        if (page >= pagination.pageCount) return events;
      }
    },
    async mintToken(role, spaceId, expiresIn) {
      return (await ok("POST", "/auth/tokens", { role, spaceId, expiresIn })).data.token as string;
    },
    async stop() {
      await server.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      if (postgres) await dropSchema(requiredDatabaseUrl(), postgres.schema);
    },
  };
}

function requiredDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url)
    throw new Error("TEST_SERVER_STORE=postgres needs TEST_DATABASE_URL (the http-postgres project sets it)");
  return url;
}
