import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join, relative, resolve } from "node:path";
import { Hono } from "hono";
import { createApp, type AppDeps } from "../app";
import { openPostgresStore } from "../store/postgres/postgres-store";
import { openSqliteStore } from "../store/sqlite/sqlite-store";
import type { Store } from "../store/store";
import { openDiskBlobStore } from "./disk-blob-store";
import { loadOrCreateSecretKey } from "./secret-key";

export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://...` selects the PostgreSQL store; when unset, SQLite in `dataDir/jobs.db`. */
  databaseUrl?: string;
  secretKey?: string;
  /** Folder of the built dashboard, served at "/" (SPA fallback to index.html). */
  webDir?: string;
  stream?: AppDeps["stream"];
  /** Largest uploaded file in bytes (default DEFAULT_MAX_FILE_BYTES); files are stored in `dataDir/files`. */
  maxFileBytes?: number;
};

export type RunningServer = {
  url: string;
  port: number;
  secretKey: string;
  secretKeyCreated: boolean;
  store: Store;
  /** Stops accepting, ends open streams, closes the database. */
  stop(): Promise<void>;
};

/** The store `databaseUrl` names: PostgreSQL for `postgres://` or `postgresql://`, else SQLite in the data folder. */
export async function openStore(config: Pick<ServerConfig, "dataDir" | "databaseUrl">): Promise<Store> {
  const url = config.databaseUrl;
  if (!url) return openSqliteStore({ filename: join(config.dataDir, "jobs.db") });
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgresStore({ connectionString: url });
  throw new Error(
    `DATABASE_URL must start with postgres:// or postgresql://, got "${url.split(":")[0]}:..."`,
  );
}

/** Opens the store (SQLite in the data folder unless DATABASE_URL names PostgreSQL) and serves the API (and the dashboard, when built) over HTTP. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const { key, created } = loadOrCreateSecretKey(config.dataDir, config.secretKey);
  const store = await openStore(config);
  const blobs = await openDiskBlobStore(join(config.dataDir, "files"));
  const api = createApp({
    store,
    secretKey: key,
    stream: config.stream,
    blobs,
    maxFileBytes: config.maxFileBytes,
  });

  const root = new Hono();
  root.route("/", api);
  const webDir = config.webDir;
  if (webDir && existsSync(join(webDir, "index.html"))) {
    // serveStatic resolves `root` against the working directory, so give it a relative path.
    const staticRoot = relative(process.cwd(), resolve(webDir)) || ".";
    root.use("/*", serveStatic({ root: staticRoot }));
    root.get("*", serveStatic({ root: staticRoot, path: "index.html" }));
  }

  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve({ fetch: root.fetch, port: config.port, hostname: config.host }, () => resolveServer(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    secretKey: key,
    secretKeyCreated: created,
    store,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((done) => {
          server.close(() => done());
          // Event streams never end by themselves; close them so close() can finish.
          (server as Server).closeAllConnections?.();
        });
        await store.close();
      })();
      return stopping;
    },
  };
}
