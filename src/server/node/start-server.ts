import { serve, type ServerType } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import { serveStatic } from "@hono/node-server/serve-static";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { hostname } from "node:os";
import { join, relative, resolve } from "node:path";
import { Hono } from "hono";
import { createApi, DEFAULT_ACCOUNT_ID, DEFAULT_ENVIRONMENT_ID, type AppDeps } from "../app";
import { startMaintenance, type MaintenanceOptions } from "../maintenance";
import { startSystemJobs, type SystemWorker, type SystemWorkerOptions } from "../system-jobs";
import { closeConnectionsWhileDraining, Drain } from "../http/drain";
import { DEFAULT_RATE_LIMITS, type RateLimitOptions } from "../http/rate-limit";
import type { BucketRate } from "../http/token-buckets";
import type { QuotaLimits } from "../services/space-quotas";
import { securityHeaders } from "../http/security-headers";
import { openPostgresStore } from "../store/postgres/postgres-store";
import { makePrivateDir } from "../store/sqlite/private-files";
import { openSqliteStore, type SqliteSynchronous } from "../store/sqlite/sqlite-store";
import type { Store } from "../store/store";
import { closeGracefully } from "./close-gracefully";
import { hotPath } from "./hot-path";
import { streamsDirect } from "./direct-sse";
import { openDiskBlobStore } from "./disk-blob-store";
import {
  DEFAULT_HTTP_TIMEOUTS,
  limitBodyTime,
  timeoutServerOptions,
  type HttpTimeouts,
} from "./http-timeouts";
import { loadOrCreateSecretKey } from "./secret-key";

export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  /** `postgres://...` selects the PostgreSQL store; when unset, SQLite in `dataDir/jobs.db`. */
  databaseUrl?: string;
  /** What a SQLite commit waits for (default `full`: it survives a power loss); PostgreSQL has its own settings. */
  sqliteSynchronous?: SqliteSynchronous;
  /** The PostgreSQL store's pooled connections and groups of independent transactions (its defaults when unset). */
  postgres?: { poolSize?: number; groups?: number };
  secretKey?: string;
  /** A bearer `GET /metrics` accepts besides the secret key (METRICS_TOKEN). */
  metricsToken?: string;
  /** Folder of the built dashboard, served at "/" (SPA fallback to index.html). */
  webDir?: string;
  stream?: AppDeps["stream"];
  /** Listeners' presence timing; the instance is named after the host and process unless `instanceId` is given. */
  presence?: AppDeps["presence"];
  /** Largest uploaded file in bytes (default DEFAULT_MAX_FILE_BYTES); files are stored in `dataDir/files`. */
  maxFileBytes?: number;
  /** How long `stop()` lets in-flight requests finish before it closes their connections (default 10 s). */
  shutdownGraceMs?: number;
  /**
   * Scheduled actions, the stuck-job watchdog and event retention, run in the background (every instance runs them;
   * each piece of work is done once). `false` turns them off (tests that drive them with their own clock).
   */
  maintenance?: MaintenanceOptions | false;
  /** The platform's own worker (extract, map); `false` turns it off (system jobs then wait in `ready`). */
  systemJobs?: SystemWorkerOptions | false;
  /**
   * Requests per token and per client address (DEFAULT_RATE_LIMITS where not given; a `perSecond` of 0 turns that
   * bucket off, `false` all of them). The secret key is not throttled unless `throttleSecretKey`.
   */
  rateLimits?:
    { perToken?: Partial<BucketRate>; perAddress?: Partial<BucketRate>; throttleSecretKey?: boolean } | false;
  /** Per-space quotas (DEFAULT_QUOTAS where not given; 0 turns one off). */
  quotas?: Partial<QuotaLimits>;
  /** How long clients may take to send headers and bodies, and keep idle connections (DEFAULT_HTTP_TIMEOUTS). */
  timeouts?: Partial<HttpTimeouts>;
  /** The share of the event loop bulk work may take while other requests wait (DEFAULT_BULK_SHARE). */
  bulkShare?: number;
  /**
   * Answer the job calls on the Node fast path (`hot-path.ts`); on by default. `false` leaves them to the app like
   * every other route, which answers them the same, only at a higher cost per call.
   */
  hotPath?: boolean;
  /**
   * Write event streams straight to each subscriber's response (`direct-sse.ts`); on by default. `false` leaves their
   * bodies to the adapter, which sends the same bytes through a ReadableStream, at a promise turn per chunk.
   */
  directStreams?: boolean;
};

/** A bucket from defaults and overrides; none when its rate is 0. */
function bucket(fallback: BucketRate, given: Partial<BucketRate> | undefined): BucketRate | undefined {
  const rate = { ...fallback, ...given };
  return rate.perSecond > 0 ? { perSecond: rate.perSecond, burst: Math.max(1, rate.burst) } : undefined;
}

function rateLimitOptions(config: ServerConfig["rateLimits"]): RateLimitOptions | undefined {
  if (config === false) return undefined;
  return {
    perToken: bucket(DEFAULT_RATE_LIMITS.perToken, config?.perToken),
    perAddress: bucket(DEFAULT_RATE_LIMITS.perAddress, config?.perAddress),
    throttleSecretKey: config?.throttleSecretKey ?? false,
    // The socket's peer: behind a proxy that is the proxy, so the per-address limit then applies to all its clients.
    clientAddress: (c) => getConnInfo(c).remote.address,
  };
}

/** Work to end when the server stops, after its connections are closed and before the store is. */
export type StopHook = () => void | Promise<void>;

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export type RunningServer = {
  url: string;
  port: number;
  secretKey: string;
  secretKeyCreated: boolean;
  store: Store;
  /** This instance's system worker, when it runs (tests wait for it to be idle). */
  systemWorker?: SystemWorker;
  /**
   * Registers work to end on `stop()` (background timers, workers that use the store). Hooks run after the last
   * connection is closed and before the store is, the last registered first; one that throws is logged and the rest
   * still run.
   */
  onStop(hook: StopHook): void;
  /**
   * Shuts down gracefully: health answers 503, new connections are refused, event streams are told to reconnect
   * elsewhere, in-flight requests get up to `shutdownGraceMs` to finish (then their connections are closed), the stop
   * hooks run, and the store closes. Calling it again answers the same promise.
   */
  stop(): Promise<void>;
};

/** The store `databaseUrl` names: PostgreSQL for `postgres://` or `postgresql://`, else SQLite in the data folder. */
export async function openStore(
  config: Pick<ServerConfig, "dataDir" | "databaseUrl" | "sqliteSynchronous" | "postgres">,
): Promise<Store> {
  const url = config.databaseUrl;
  if (!url)
    return openSqliteStore({
      filename: join(config.dataDir, "jobs.db"),
      synchronous: config.sqliteSynchronous,
    });
  if (/^postgres(ql)?:\/\//.test(url))
    return openPostgresStore({
      connectionString: url,
      max: config.postgres?.poolSize,
      groups: config.postgres?.groups,
    });
  throw new Error(
    `DATABASE_URL must start with postgres:// or postgresql://, got "${url.split(":")[0]}:..."`,
  );
}

/** Opens the store (SQLite in the data folder unless DATABASE_URL names PostgreSQL) and serves the API (and the dashboard, when built) over HTTP. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  // The database, uploads and secret key live here: only this user may enter it.
  makePrivateDir(config.dataDir);
  const { key, created } = loadOrCreateSecretKey(config.dataDir, config.secretKey);
  const store = await openStore(config);
  const blobs = await openDiskBlobStore(join(config.dataDir, "files"));
  const drain = new Drain();
  const stopHooks: StopHook[] = [];
  const { app: api, hot } = createApi({
    store,
    secretKey: key,
    metricsToken: config.metricsToken,
    stream: config.stream,
    presence: { instanceId: `${hostname()}:${process.pid}`, ...config.presence },
    blobs,
    maxFileBytes: config.maxFileBytes,
    drain,
    quotas: config.quotas,
    rateLimits: rateLimitOptions(config.rateLimits),
    bulkShare: config.bulkShare,
  });

  // The same environment and account as the app's own services, so their jobs and events look alike.
  const services = {
    store,
    now: () => new Date(),
    environmentId: DEFAULT_ENVIRONMENT_ID,
    accountId: DEFAULT_ACCOUNT_ID,
  };
  if (config.maintenance !== false) {
    const maintenance = startMaintenance(services, config.maintenance);
    stopHooks.push(() => maintenance.stop());
  }
  const systemWorker =
    config.systemJobs === false ? undefined : startSystemJobs({ ...services, blobs }, config.systemJobs);
  if (systemWorker) stopHooks.push(() => systemWorker.stop());

  const root = new Hono();
  // The API sets these for its own responses; this covers the dashboard's files as well.
  root.use(securityHeaders());
  root.use(closeConnectionsWhileDraining(drain));
  root.route("/", api);
  const webDir = config.webDir;
  if (webDir && existsSync(join(webDir, "index.html"))) {
    // serveStatic resolves `root` against the working directory, so give it a relative path.
    const staticRoot = relative(process.cwd(), resolve(webDir)) || ".";
    root.use("/*", serveStatic({ root: staticRoot }));
    root.get("*", serveStatic({ root: staticRoot, path: "index.html" }));
  }

  const timeouts = { ...DEFAULT_HTTP_TIMEOUTS, ...config.timeouts };
  const fast = config.hotPath === false ? undefined : hotPath(hot);
  const server: ServerType = await new Promise((resolveServer) => {
    const s = serve(
      {
        fetch: config.directStreams === false ? root.fetch : streamsDirect(root.fetch),
        port: config.port,
        hostname: config.host,
        serverOptions: timeoutServerOptions(timeouts),
        // The hot job calls are answered before the adapter builds a Request; everything else goes on to the app.
        ...(fast
          ? {
              createServer: ((options, listener) =>
                createServer(options, (req, res) => {
                  if (!fast(req, res)) listener?.(req, res);
                })) as typeof createServer,
            }
          : {}),
      },
      () => resolveServer(s),
    );
  });
  limitBodyTime(server as Server, timeouts.bodyMs);
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const shownHost = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;

  const graceMs = config.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    secretKey: key,
    secretKeyCreated: created,
    store,
    systemWorker,
    onStop(hook) {
      stopHooks.push(hook);
    },
    stop() {
      stopping ??= (async () => {
        drain.start();
        const outcome = await closeGracefully(server as Server, graceMs);
        if (outcome === "cut")
          console.warn(`Requests still open after the ${graceMs} ms grace period were cut off`);
        for (const hook of stopHooks.reverse()) {
          try {
            await hook();
          } catch (error) {
            console.error("A stop hook failed", error);
          }
        }
        await store.close();
      })();
      return stopping;
    },
  };
}
