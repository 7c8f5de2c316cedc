import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, openSync, readdirSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Store } from "../store";
import { openPostgresStore, quoteIdentifier } from "./postgres-store";
import { freePort } from "../../testing/free-port";

/**
 * A PostgreSQL server for tests. With `TEST_DATABASE_URL` set, that database is used (each store gets its own
 * schema, dropped afterwards). Otherwise a throwaway server is started from the system's PostgreSQL binaries
 * (`initdb` and `postgres` on PATH or in /usr/lib/postgresql/<version>/bin; Debian's `postgresql` package, which
 * `.ci/run` installs when missing): a data folder in a temp dir, a free port on 127.0.0.1, `fsync=off`. PostgreSQL
 * refuses to run as root, so as root the server runs as the `postgres` user (created by that package) or `nobody`.
 * `close()` stops the server and deletes the folder.
 */
export type TestDatabase = {
  url: string;
  /** A fresh, empty, migrated store in a schema of its own; `cleanup` closes it and drops the schema. */
  openStore(): Promise<{ store: Store; schema: string; cleanup: () => Promise<void> }>;
  close(): Promise<void>;
};

export async function startTestDatabase(): Promise<TestDatabase> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) return withSchemas(given, async () => undefined);
  const server = await startThrowawayServer();
  return withSchemas(server.url, server.stop);
}

function withSchemas(url: string, stop: () => Promise<void>): TestDatabase {
  return {
    url,
    async openStore() {
      const schema = `test_${randomBytes(6).toString("hex")}`;
      const store = await openPostgresStore({ connectionString: url, schema, max: 4 });
      return {
        store,
        schema,
        cleanup: async () => {
          await store.close();
          await dropSchema(url, schema);
        },
      };
    },
    close: stop,
  };
}

/**
 * A new, empty schema of the database at `url`, and a connection URL whose `search_path` is that schema (what a
 * server process gets as `DATABASE_URL`); drop it with `dropSchema`.
 */
export async function createTestSchema(url: string): Promise<{ schema: string; url: string }> {
  const schema = `test_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
  } finally {
    await client.end();
  }
  const withPath = new URL(url);
  withPath.searchParams.set("options", `-c search_path=${schema}`);
  return { schema, url: withPath.toString() };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** The folder holding `initdb` and `postgres`: PATH first, then Debian's versioned folders, newest first. */
function findBinaries(): string {
  const onPath = (process.env.PATH ?? "").split(":").filter(Boolean);
  const debian = existsSync("/usr/lib/postgresql")
    ? readdirSync("/usr/lib/postgresql")
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => `/usr/lib/postgresql/${version}/bin`)
    : [];
  const dir = [...onPath, ...debian].find(
    (candidate) => existsSync(join(candidate, "initdb")) && existsSync(join(candidate, "postgres")),
  );
  if (!dir) {
    throw new Error(
      "PostgreSQL tests need TEST_DATABASE_URL or the PostgreSQL server binaries (apt-get install postgresql)",
    );
  }
  return dir;
}

/** As root: the uid/gid of an unprivileged user to run the server as. */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0) return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
  }
  throw new Error("running as root, and there is no postgres or nobody user to run PostgreSQL as");
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function startThrowawayServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findBinaries();
  const user = unprivilegedUser();
  const dir = await mkdtemp(join(tmpdir(), "jobs-pg-"));
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  if (user) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const cleanup = () => rm(dir, { recursive: true, force: true });

  const init = spawnSync(
    join(bin, "initdb"),
    ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
    { ...as, encoding: "utf8", env: { ...process.env, LC_ALL: "C" } },
  );
  if (init.status !== 0) {
    await cleanup();
    throw new Error(`initdb failed (${init.status}): ${init.stderr || init.error?.message}`);
  }

  const port = await freePort();
  const logFd = openSync(log, "a");
  if (user) chownSync(log, user.uid, user.gid);
  const server = spawn(
    join(bin, "postgres"),
    [
      ...["-D", data, "-p", String(port), "-k", dir],
      ...["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off"],
      ...["-c", "full_page_writes=off", "-c", "max_connections=200"],
    ],
    { ...as, cwd: dir, stdio: ["ignore", logFd, logFd] },
  );
  // If the test process dies without closing, do not leave the server behind.
  const killOnExit = () => server.kill("SIGQUIT");
  process.once("exit", killOnExit);

  const stop = async () => {
    process.off("exit", killOnExit);
    if (server.exitCode === null && server.signalCode === null) {
      server.kill("SIGINT"); // fast shutdown: disconnects clients, no checkpoint wait worth speaking of
      await exited(server);
    }
    await cleanup();
  };

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return { url, stop };
    } catch (error) {
      await client.end().catch(() => undefined);
      if (server.exitCode !== null || Date.now() > deadline) {
        const output = await readFile(log, "utf8").catch(() => "");
        await stop();
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${output.slice(-2_000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
