import { resolve } from "node:path";
import type { ServerConfig } from "./start-server";

type Env = Record<string, string | undefined>;

/**
 * A number from the environment, `undefined` when unset or empty; anything else than a number in range stops the
 * server with a message that names the variable, what it expects and what it got.
 */
function number(env: Env, name: string, what: string, check: (n: number) => boolean): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name} must be ${what}, got "${text}"`);
  return value;
}

const seconds = (env: Env, name: string, min = 0) => {
  const value = number(env, name, `a number of seconds (${min} or more)`, (n) => n >= min);
  return value === undefined ? undefined : value * 1_000;
};

const count = (env: Env, name: string) =>
  number(env, name, "a whole number (0 or more)", (n) => Number.isSafeInteger(n) && n >= 0);
const rate = (env: Env, name: string) => number(env, name, "a number a second (0 or more)", (n) => n >= 0);

function flag(env: Env, name: string): boolean | undefined {
  const text = env[name]?.trim().toLowerCase();
  if (!text) return undefined;
  if (text === "true" || text === "1") return true;
  if (text === "false" || text === "0") return false;
  throw new Error(`${name} must be true or false, got "${env[name]}"`);
}

/** Drops the keys whose value is unset, so the defaults behind them apply. */
function given<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Rates, quotas, timeouts and stream caps: each has a default a normal team never meets; 0 turns one off. */
function limitsFromEnv(env: Env) {
  return {
    rateLimits: {
      perToken: given({
        perSecond: rate(env, "RATE_LIMIT_PER_TOKEN"),
        burst: count(env, "RATE_LIMIT_TOKEN_BURST"),
      }),
      perAddress: given({
        perSecond: rate(env, "RATE_LIMIT_PER_ADDRESS"),
        burst: count(env, "RATE_LIMIT_ADDRESS_BURST"),
      }),
      throttleSecretKey: flag(env, "RATE_LIMIT_SECRET_KEY"),
    },
    quotas: given({
      jobsPerMinute: count(env, "QUOTA_JOBS_PER_MINUTE"),
      recordsPerSheet: count(env, "QUOTA_RECORDS_PER_SHEET"),
      fileBytesPerSpace: count(env, "QUOTA_FILE_BYTES_PER_SPACE"),
    }),
    timeouts: given({
      headersMs: seconds(env, "HEADERS_TIMEOUT_SECONDS"),
      bodyMs: seconds(env, "BODY_TIMEOUT_SECONDS"),
      uploadMs: seconds(env, "UPLOAD_TIMEOUT_SECONDS"),
      keepAliveMs: seconds(env, "KEEP_ALIVE_TIMEOUT_SECONDS"),
    }),
    stream: given({ maxPerToken: count(env, "STREAMS_PER_TOKEN"), maxTotal: count(env, "STREAMS_TOTAL") }),
    bulkShare: number(env, "BULK_SHARE", "a share above 0 and at most 1", (n) => n > 0 && n <= 1),
  };
}

/** SQLITE_SYNCHRONOUS: `normal` or `full` (any case), `undefined` when unset or empty. */
export function sqliteSynchronous(env: Env): ServerConfig["sqliteSynchronous"] {
  const text = env.SQLITE_SYNCHRONOUS?.trim();
  if (!text) return undefined;
  const value = text.toLowerCase();
  if (value === "normal" || value === "full") return value;
  throw new Error(`SQLITE_SYNCHRONOUS must be normal or full, got "${text}"`);
}

/** The server's configuration from environment variables (README, "Configuration", lists every one). */
export function configFromEnv(env: Env): ServerConfig {
  const port = number(env, "PORT", "a port number", (n) => Number.isInteger(n) && n >= 0 && n <= 65_535);
  const maxFileBytes = number(
    env,
    "MAX_FILE_BYTES",
    "a number of bytes",
    (n) => Number.isSafeInteger(n) && n >= 1,
  );
  const retentionDays = number(env, "EVENT_RETENTION_DAYS", "a number of days (more than 0)", (n) => n > 0);
  return {
    port: port ?? 8080,
    host: env.HOST || "0.0.0.0",
    dataDir: resolve(env.DATA_DIR || "./data"),
    databaseUrl: env.DATABASE_URL || undefined,
    sqliteSynchronous: sqliteSynchronous(env),
    postgres: {
      poolSize: number(
        env,
        "DATABASE_POOL_SIZE",
        "a whole number of connections (3 or more)",
        (n) => Number.isInteger(n) && n >= 3,
      ),
      groups: count(env, "DATABASE_GROUPS"),
    },
    secretKey: env.API_SECRET_KEY || undefined,
    metricsToken: env.METRICS_TOKEN || undefined,
    webDir: resolve(env.WEB_DIR || "dist/web"),
    maxFileBytes,
    shutdownGraceMs: seconds(env, "SHUTDOWN_GRACE_SECONDS"),
    maintenance: {
      intervalMs: seconds(env, "MAINTENANCE_INTERVAL_SECONDS", 1),
      readyTimeoutMs: seconds(env, "JOB_READY_TIMEOUT_SECONDS", 1),
      leaseMs: seconds(env, "JOB_LEASE_SECONDS", 1),
      retentionMs: retentionDays === undefined ? undefined : retentionDays * 24 * 3_600_000,
    },
    systemJobs: {
      concurrency: number(
        env,
        "SYSTEM_JOB_CONCURRENCY",
        "a whole number of jobs (1 or more)",
        (n) => Number.isInteger(n) && n >= 1,
      ),
      staleAfterMs: seconds(env, "SYSTEM_JOB_STALE_SECONDS", 1),
    },
    ...limitsFromEnv(env),
  };
}
