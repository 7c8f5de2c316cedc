/**
 * `npm start` (after `vite build`): the whole product on one port.
 *
 * 1. Starts the server (`src/server/main.ts`) as a child process and waits until `/v1/health` answers.
 * 2. Starts the demo listener (`src/demo/main.ts`) as a second child process, with the server's secret key
 *    (API_SECRET_KEY, or the one the server keeps in DATA_DIR/secret-key); it talks HTTP like any listener.
 * 3. On the first start only, creates the demo space (`metadata.demo: true`), which the listener builds.
 * 4. Prints two links that open the dashboard signed in: as the operator, and as an end user of the demo space.
 *
 * Ctrl-C (SIGINT) or SIGTERM stops both children and exits 0; if either child dies, the other is stopped and this
 * exits non-zero. PORT, HOST, DATA_DIR, API_SECRET_KEY and WEB_DIR are passed on to the server.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createClient, type ApiClient } from "../src/sdk";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dataDir = resolve(process.env.DATA_DIR ?? "./data");
const useColor = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

/** The demo space is the one space whose metadata says so. */
const DEMO_SPACE = { name: "October Report", metadata: { demo: true } };
const STOP_GRACE_MS = 5_000;

type Child = { name: string; process: ChildProcess; exited: Promise<number> };
const children: Child[] = [];
let stopping = false;

function log(message: string): void {
  process.stdout.write(`${paint(33, "[start]")} ${message}\n`);
}

/** Starts `node --import tsx <script>` in its own process group, so a terminal's Ctrl-C reaches it only from us. */
function startChild(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void,
): Child {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, script)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const label = paint(name === "server" ? 36 : 35, `[${name}]`.padEnd(10));
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    createInterface({ input: stream!, crlfDelay: Infinity }).on("line", (line) => {
      out.write(`${label} ${line}\n`);
      onLine(line);
    });
  }
  const exited = new Promise<number>((done) => {
    child.once("error", (error) => {
      log(`${name} could not start: ${error.message}`);
      done(1);
    });
    // "close" comes after the last output line, so a dying child has its say before we report it.
    child.once("close", (code, signal) => done(code ?? (signal === "SIGTERM" ? 0 : 1)));
  });
  const entry: Child = { name, process: child, exited };
  children.push(entry);
  void exited.then((code) => {
    if (stopping) return;
    log(`the ${name} exited (code ${code}); stopping the rest`);
    void stopAll(code === 0 ? 1 : code);
  });
  log(`${name} started (pid ${child.pid})`);
  return entry;
}

const alive = (child: Child) => child.process.exitCode === null && child.process.signalCode === null;

/** Stops the children, the listener before the server (SIGTERM, SIGKILL after a grace period), then exits. */
async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  for (const child of [...children].reverse()) {
    if (alive(child)) child.process.kill("SIGTERM");
    const killer = setTimeout(() => {
      log(`the ${child.name} did not stop in ${STOP_GRACE_MS / 1000} s: killing it`);
      child.process.kill("SIGKILL");
    }, STOP_GRACE_MS);
    const exitCode = await child.exited;
    clearTimeout(killer);
    if (exitCode !== 0 && code === 0) code = 1;
  }
  log(code === 0 ? "stopped" : `stopped (exit code ${code})`);
  process.exit(code);
}

/** Watches a child's output for a line matching `pattern`: `feed` it the lines; `match` resolves with the first. */
function lineWatcher(pattern: RegExp, what: string, timeoutMs: number) {
  let found!: (match: RegExpExecArray) => void;
  const match = new Promise<RegExpExecArray>((resolveMatch, reject) => {
    found = resolveMatch;
    setTimeout(() => reject(new Error(`no ${what} within ${timeoutMs / 1000} s`)), timeoutMs).unref();
  });
  return {
    match,
    feed(line: string) {
      const result = pattern.exec(line);
      if (result) found(result);
    },
  };
}

/** The address the API is reached at from here (a wildcard listen address is reached on loopback). */
function apiBase(shownUrl: string): string {
  const url = new URL(shownUrl);
  const host = process.env.HOST;
  if (!host || host === "0.0.0.0" || host === "::" || host === "localhost") url.hostname = "127.0.0.1";
  return url.origin;
}

async function waitForHealth(api: ApiClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await api.health();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

async function findDemoSpace(api: ApiClient): Promise<string | undefined> {
  for (let pageNumber = 1; ; pageNumber++) {
    const { data, pagination } = await api.spaces.list({ pageSize: 100, pageNumber });
    const demo = data.find((space) => space.metadata.demo === true);
    if (demo) return demo.id;
    if (pageNumber >= pagination.pageCount) return undefined;
  }
}

/**
 * Waits for the space's configure job to complete. On a later start, a configure job that did not complete (the
 * listener was down when the space was created, or stopped while it ran) is run again: canceled if need be, then
 * retried, which publishes a new `job:ready` for the listener that runs now.
 */
async function ensureConfigured(
  api: ApiClient,
  spaceId: string,
  createdNow: boolean,
): Promise<string | undefined> {
  const { data } = await api.jobs.list({ spaceId, type: "space", operation: "configure", pageSize: 1 });
  let job = data[0];
  if (!job) return "the space has no configure job";
  if (!createdNow && job.status !== "complete") {
    if (!["failed", "canceled"].includes(job.status)) await api.jobs.cancel(job.id, { info: "Run again" });
    log("configuring the demo space again");
    job = await api.jobs.retry(job.id);
  }
  const deadline = Date.now() + 60_000;
  while (job.status !== "complete") {
    if (job.status === "failed" || job.status === "canceled")
      return `configuring the demo space ${job.status}: ${job.outcome?.message ?? job.info ?? ""}`;
    if (Date.now() > deadline) return `configuring the demo space is still ${job.status} after 60 s`;
    await new Promise((done) => setTimeout(done, 200));
    job = await api.jobs.get(job.id);
  }
  return undefined;
}

async function main(): Promise<void> {
  const serverUp = lineWatcher(/listening on (https?:\/\/\S+)/, "sign that the server listens", 60_000);
  startChild("server", "src/server/main.ts", { DATA_DIR: dataDir }, serverUp.feed);
  const shownUrl = (await serverUp.match)[1]!;
  const baseUrl = apiBase(shownUrl);
  await waitForHealth(createClient({ baseUrl }), 30_000);

  const secretKey = process.env.API_SECRET_KEY || readFileSync(join(dataDir, "secret-key"), "utf8").trim();
  const api = createClient({ baseUrl, token: secretKey });

  const listenerUp = lineWatcher(/listening for events/, "sign that the demo listener listens", 30_000);
  startChild(
    "listener",
    "src/demo/main.ts",
    { API_URL: baseUrl, API_SECRET_KEY: secretKey },
    listenerUp.feed,
  );
  await listenerUp.match;

  let spaceId = await findDemoSpace(api);
  const created = !spaceId;
  if (!spaceId) {
    spaceId = (await api.spaces.create(DEMO_SPACE)).id;
    log(`created the demo space ${spaceId}; the listener is building it`);
  }
  const problem = await ensureConfigured(api, spaceId, created);
  if (problem) log(`warning: ${problem}`);

  const operator = await api.auth.createToken({ role: "operator", subject: "local-operator" });
  const user = await api.auth.createToken({ role: "user", spaceId, subject: "demo-user" });
  const expires = new Date(user.expiresAt).toLocaleString();
  const rule = "─".repeat(78);
  const lines = [
    "",
    rule,
    `  ${paint(1, "The jobs platform is running")} at ${shownUrl}, with the demo listener.`,
    `  Demo space ${spaceId} ${created ? "(created now)" : "(from an earlier start)"}.`,
    "",
    `  ${paint(1, "Operator")} (every space, every job):`,
    `    ${shownUrl}/#token=${operator.token}`,
    "",
    `  ${paint(1, "End user")} of the demo space:`,
    `    ${shownUrl}/space/${spaceId}#token=${user.token}`,
    "",
    `  The links sign in until ${expires}; start again for new ones.`,
    `  API reference: ${shownUrl}/v1/docs   Secret key: ${
      process.env.API_SECRET_KEY ? "API_SECRET_KEY" : join(dataDir, "secret-key")
    }`,
    "  Press Ctrl-C to stop.",
    rule,
    "",
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (stopping) {
      // A second Ctrl-C: do not wait any longer.
      for (const child of children) if (alive(child)) child.process.kill("SIGKILL");
      process.exit(1);
    }
    log(`${signal}: stopping the server and the listener`);
    void stopAll(0);
  });
}
// Children run in their own process groups: never leave one behind, whatever ends this process.
process.on("exit", () => {
  for (const child of children) if (alive(child)) child.process.kill("SIGKILL");
});

main().catch((error: unknown) => {
  if (stopping) return;
  log(`could not start: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
