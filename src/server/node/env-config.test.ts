import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { configFromEnv } from "./env-config";

describe("configFromEnv", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      dataDir: resolve("./data"),
      webDir: resolve("dist/web"),
      databaseUrl: undefined,
      postgres: { poolSize: undefined, groups: undefined },
      secretKey: undefined,
      maxFileBytes: undefined,
      shutdownGraceMs: undefined,
    });
    // Unset durations fall back to the maintenance defaults.
    expect(config.maintenance).toEqual({
      intervalMs: undefined,
      readyTimeoutMs: undefined,
      leaseMs: undefined,
      retentionMs: undefined,
    });
    expect(config.systemJobs).toEqual({ concurrency: undefined, staleAfterMs: undefined });
  });

  it("reads every variable, durations in seconds (retention in days)", () => {
    const config = configFromEnv({
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: "/tmp/jobs",
      DATABASE_URL: "postgres://db/jobs",
      API_SECRET_KEY: "sk_x",
      WEB_DIR: "/srv/web",
      MAX_FILE_BYTES: "1024",
      SHUTDOWN_GRACE_SECONDS: "2.5",
      MAINTENANCE_INTERVAL_SECONDS: "30",
      JOB_READY_TIMEOUT_SECONDS: "120",
      JOB_LEASE_SECONDS: "60",
      EVENT_RETENTION_DAYS: "0.5",
      SYSTEM_JOB_CONCURRENCY: "4",
      SYSTEM_JOB_STALE_SECONDS: "10",
      DATABASE_POOL_SIZE: "16",
      DATABASE_GROUPS: "1",
    });
    expect(config).toMatchObject({
      port: 0,
      host: "127.0.0.1",
      dataDir: "/tmp/jobs",
      databaseUrl: "postgres://db/jobs",
      postgres: { poolSize: 16, groups: 1 },
      secretKey: "sk_x",
      webDir: "/srv/web",
      maxFileBytes: 1024,
      shutdownGraceMs: 2_500,
      maintenance: {
        intervalMs: 30_000,
        readyTimeoutMs: 120_000,
        leaseMs: 60_000,
        retentionMs: 12 * 3_600_000,
      },
      systemJobs: { concurrency: 4, staleAfterMs: 10_000 },
    });
  });

  it("reads the limits: rates, quotas, timeouts and stream caps; unset ones keep their defaults", () => {
    expect(configFromEnv({})).toMatchObject({
      rateLimits: { perToken: {}, perAddress: {}, throttleSecretKey: undefined },
      quotas: {},
      timeouts: {},
      stream: {},
    });
    const config = configFromEnv({
      RATE_LIMIT_PER_TOKEN: "0.5",
      RATE_LIMIT_TOKEN_BURST: "10",
      RATE_LIMIT_PER_ADDRESS: "0",
      RATE_LIMIT_SECRET_KEY: "true",
      QUOTA_JOBS_PER_MINUTE: "60",
      QUOTA_RECORDS_PER_SHEET: "1000",
      QUOTA_FILE_BYTES_PER_SPACE: "2048",
      HEADERS_TIMEOUT_SECONDS: "5",
      BODY_TIMEOUT_SECONDS: "20",
      UPLOAD_TIMEOUT_SECONDS: "600",
      KEEP_ALIVE_TIMEOUT_SECONDS: "2",
      STREAMS_PER_TOKEN: "3",
      STREAMS_TOTAL: "100",
      BULK_SHARE: "0.5",
    });
    expect(config).toMatchObject({
      rateLimits: {
        perToken: { perSecond: 0.5, burst: 10 },
        perAddress: { perSecond: 0 },
        throttleSecretKey: true,
      },
      quotas: { jobsPerMinute: 60, recordsPerSheet: 1000, fileBytesPerSpace: 2048 },
      timeouts: { headersMs: 5_000, bodyMs: 20_000, uploadMs: 600_000, keepAliveMs: 2_000 },
      stream: { maxPerToken: 3, maxTotal: 100 },
      bulkShare: 0.5,
    });
  });

  it.each([
    ["RATE_LIMIT_PER_TOKEN", "-1", /RATE_LIMIT_PER_TOKEN must be a number a second \(0 or more\)/],
    ["QUOTA_RECORDS_PER_SHEET", "1e3.5", /QUOTA_RECORDS_PER_SHEET must be a whole number/],
    ["RATE_LIMIT_SECRET_KEY", "yes", /RATE_LIMIT_SECRET_KEY must be true or false, got "yes"/],
    ["BULK_SHARE", "0", /BULK_SHARE must be a share above 0 and at most 1, got "0"/],
    ["BULK_SHARE", "2", /BULK_SHARE must be a share above 0 and at most 1, got "2"/],
    ["PORT", "http", /PORT must be a port number, got "http"/],
    ["PORT", "70000", /PORT must be a port number/],
    ["MAX_FILE_BYTES", "0", /MAX_FILE_BYTES must be a number of bytes, got "0"/],
    ["SHUTDOWN_GRACE_SECONDS", "-1", /SHUTDOWN_GRACE_SECONDS must be a number of seconds \(0 or more\)/],
    ["JOB_LEASE_SECONDS", "0", /JOB_LEASE_SECONDS must be a number of seconds \(1 or more\), got "0"/],
    ["JOB_READY_TIMEOUT_SECONDS", "ten", /JOB_READY_TIMEOUT_SECONDS must be a number of seconds/],
    ["MAINTENANCE_INTERVAL_SECONDS", "0.5", /MAINTENANCE_INTERVAL_SECONDS must be a number of seconds/],
    ["EVENT_RETENTION_DAYS", "0", /EVENT_RETENTION_DAYS must be a number of days \(more than 0\)/],
    [
      "SYSTEM_JOB_CONCURRENCY",
      "1.5",
      /SYSTEM_JOB_CONCURRENCY must be a whole number of jobs \(1 or more\), got "1.5"/,
    ],
    [
      "DATABASE_POOL_SIZE",
      "2",
      /DATABASE_POOL_SIZE must be a whole number of connections \(3 or more\), got "2"/,
    ],
    ["DATABASE_GROUPS", "-1", /DATABASE_GROUPS must be a whole number \(0 or more\), got "-1"/],
    ["SYSTEM_JOB_STALE_SECONDS", "0", /SYSTEM_JOB_STALE_SECONDS must be a number of seconds \(1 or more\)/],
  ])("refuses %s=%s with a message that names it", (name, value, message) => {
    expect(() => configFromEnv({ [name]: value })).toThrow(message);
  });
});
