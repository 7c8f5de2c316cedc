/**
 * What a SQLite commit writes during the job lifecycle phase, B-tree by B-tree: starts a SQLite server whose WAL is
 * never checkpointed (bench/wal-keep.ts), runs a warm-up and then the lifecycles (as `npm run bench -- --only jobs`),
 * stops the server at once, and maps every WAL frame the phase appended to the B-tree that owns its page (`dbstat`).
 * Prints frames per commit and per lifecycle for each B-tree. The WAL only grows meanwhile, so keep the phase short.
 *
 *   node --import tsx bench/wal-frame-map.ts [--seconds 3] [--concurrency 32] [--space] [--keep DIR]
 *
 * `--space`: the lifecycles' jobs have a space (the bench's `--lifecycle-space`).
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { fmt, HttpClient, ROOT, round } from "./http-client";
import { createLifecycleSpace, measureLifecycles, REQUESTS_PER_LIFECYCLE } from "./job-phases";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "32" },
    keep: { type: "string" },
    space: { type: "boolean", default: false },
  },
});
const seconds = Number(flags.seconds);
const concurrency = Number(flags.concurrency);

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

/** The page size and the number of whole frames in a WAL file. */
function walFrames(walFile: string): { pageSize: number; frames: number } {
  const header = Buffer.alloc(WAL_HEADER);
  const fd = openSync(walFile, "r");
  try {
    readSync(fd, header, 0, WAL_HEADER, 0);
  } finally {
    closeSync(fd);
  }
  const pageSize = header.readUInt32BE(8);
  return { pageSize, frames: Math.floor((statSync(walFile).size - WAL_HEADER) / (FRAME_HEADER + pageSize)) };
}

/** The page number of each frame from `first` to `end`, and which of them end a commit. */
function readFrames(walFile: string, pageSize: number, first: number, end: number) {
  const pages: number[] = [];
  let commits = 0;
  const header = Buffer.alloc(FRAME_HEADER);
  const fd = openSync(walFile, "r");
  try {
    for (let frame = first; frame < end; frame++) {
      readSync(fd, header, 0, FRAME_HEADER, WAL_HEADER + frame * (FRAME_HEADER + pageSize));
      pages.push(header.readUInt32BE(0));
      if (header.readUInt32BE(4) !== 0) commits++;
    }
  } finally {
    closeSync(fd);
  }
  return { pages, commits };
}

async function main() {
  const dataDir = flags.keep ?? mkdtempSync(join(os.tmpdir(), "wal-frame-map-"));
  const secretKey = `sk_bench_${randomUUID().replaceAll("-", "")}`;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--import", join(ROOT, "bench/wal-keep.ts"), "src/server/main.ts"],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        API_SECRET_KEY: secretKey,
        WEB_DIR: join(dataDir, "no-dashboard"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolveUrl, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child.on("exit", (code) => reject(new Error(`the server exited with code ${code}:\n${output}`)));
  });
  const dbFile = join(dataDir, "jobs.db");
  const walFile = `${dbFile}-wal`;
  const http = new HttpClient(baseUrl, { maxSockets: concurrency, token: secretKey });
  const spaceId = flags.space ? await createLifecycleSpace(http) : undefined;
  await measureLifecycles(http, concurrency, 1, spaceId);
  const before = walFrames(walFile);
  const run = await measureLifecycles(http, concurrency, seconds, spaceId);
  const after = walFrames(walFile);
  http.agent.destroy();
  // Killed, not stopped: a closing connection would checkpoint the WAL and delete it.
  await new Promise<void>((done) => {
    child.once("exit", () => done());
    child.kill("SIGKILL");
  });

  const { pages, commits } = readFrames(walFile, after.pageSize, before.frames, after.frames);
  const db = new Database(dbFile, { readonly: true });
  const owners = new Map<number, string>();
  for (const row of db.prepare("SELECT name, pageno FROM dbstat").all() as { name: string; pageno: number }[])
    owners.set(row.pageno, row.name);
  db.close();
  const byOwner = new Map<string, number>();
  for (const page of pages) {
    const owner = page === 1 ? "page 1 (header, schema)" : (owners.get(page) ?? "(unowned)");
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }
  const lifecycles = run.lifecycles;
  const perCommit = (n: number) => round(n / commits, 2);
  const perLifecycleKiB = (n: number) => round((n * after.pageSize) / 1024 / lifecycles, 1);
  console.log(
    `${fmt(lifecycles)} lifecycles in ${run.seconds} s (${fmt(run.lifecyclesPerSecond, 1)} /s), ${fmt(commits)} commits, ` +
      `${round((lifecycles * REQUESTS_PER_LIFECYCLE) / commits, 1)} calls per commit, page ${after.pageSize} B; load ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(" ")}`,
  );
  console.log(
    `WAL: ${fmt(pages.length)} frames, ${perCommit(pages.length)} per commit, ${perLifecycleKiB(pages.length)} KiB per lifecycle`,
  );
  const rows = [...byOwner].sort((a, b) => b[1] - a[1]);
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, frames] of rows)
    console.log(
      `  ${name.padEnd(width)}  ${String(perCommit(frames)).padStart(6)} per commit  ${String(perLifecycleKiB(frames)).padStart(6)} KiB per lifecycle`,
    );
  if (!flags.keep) rmSync(dataDir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
