/**
 * `scripts/start.ts`, what `npm start` runs after `vite build` (the test runs the script itself, so nothing is
 * built): it starts the server and the demo listener, creates the demo space once, prints two signed-in links, and
 * stops both children on SIGINT.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createClient, NotFoundError } from "../sdk";
import { sleep } from "../sdk/testing/helpers";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "jobs-start-test-"));
const running: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

type Started = {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  operatorLink: string;
  userLink: string;
  pids: { server: number; listener: number };
};

/** Runs `scripts/start.ts` and resolves once it printed both links. */
async function start(port: number): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    DATA_DIR: dataDir,
    WEB_DIR: join(dataDir, "no-web"),
    NO_COLOR: "1",
  };
  delete env.API_SECRET_KEY;
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  let finished = false;
  void exited.then(() => (finished = true));

  const deadline = Date.now() + 45_000;
  const banner =
    /Operator \(every space, every job\):\n\s+(\S+)\n[\s\S]*End user of the demo space:\n\s+(\S+)\n/;
  let match: RegExpExecArray | null = null;
  while (!(match = banner.exec(output))) {
    if (finished || Date.now() > deadline) throw new Error(`no links printed:\n${output}`);
    await sleep(50);
  }
  const pid = (name: string) => Number(new RegExp(`${name} started \\(pid (\\d+)\\)`).exec(output)?.[1]);
  return {
    child,
    output: () => output,
    exited,
    operatorLink: match[1]!,
    userLink: match[2]!,
    pids: { server: pid("server"), listener: pid("listener") },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The base URL and token of a printed link. */
function parseLink(link: string) {
  const url = new URL(link);
  return {
    origin: url.origin,
    path: url.pathname,
    token: new URLSearchParams(url.hash.slice(1)).get("token")!,
  };
}

afterAll(() => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start (scripts/start.ts)", () => {
  let port: number;
  let demoSpaceId: string;

  it("starts the server and the listener, creates the demo space and prints two signed-in links", async () => {
    port = await freePort();
    const run = await start(port);
    expect(run.output()).toContain("(created now)");
    expect(isRunning(run.pids.server)).toBe(true);
    expect(isRunning(run.pids.listener)).toBe(true);

    const operator = parseLink(run.operatorLink);
    expect(operator).toMatchObject({ origin: `http://127.0.0.1:${port}`, path: "/" });
    const user = parseLink(run.userLink);
    const spaceId = /^\/space\/(us_sp_\w+)$/.exec(user.path)?.[1];
    expect(spaceId).toBeDefined();
    demoSpaceId = spaceId!;

    // The operator sees every space; the demo space was built by the listener before the links were printed.
    const asOperator = createClient({ baseUrl: operator.origin, token: operator.token });
    const { data: spaces } = await asOperator.spaces.list();
    expect(spaces.map((s) => s.id)).toEqual([demoSpaceId]);
    expect(spaces[0]?.metadata).toMatchObject({ demo: true, configuredBy: "demo-listener" });
    const { data: workbooks } = await asOperator.workbooks.list({ spaceId: demoSpaceId });
    expect(workbooks[0]?.sheets[0]?.recordCounts?.total).toBe(60);

    // The user reads its space, and no other.
    const secretKey = readFileSync(join(dataDir, "secret-key"), "utf8").trim();
    const other = await createClient({ baseUrl: operator.origin, token: secretKey }).spaces.create({
      name: "Not the demo",
    });
    const asUser = createClient({ baseUrl: user.origin, token: user.token });
    expect((await asUser.spaces.get(demoSpaceId)).id).toBe(demoSpaceId);
    await expect(asUser.spaces.get(other.id)).rejects.toBeInstanceOf(NotFoundError);

    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/\[start\] stopped\n/);
    expect(isRunning(run.pids.server)).toBe(false);
    expect(isRunning(run.pids.listener)).toBe(false);
  }, 60_000);

  it("on the next start, finds the demo space instead of creating another", async () => {
    const run = await start(port);
    expect(run.output()).toContain(`Demo space ${demoSpaceId} (from an earlier start)`);
    const user = parseLink(run.userLink);
    expect(user.path).toBe(`/space/${demoSpaceId}`);
    const operator = parseLink(run.operatorLink);
    const { data: spaces } = await createClient({
      baseUrl: operator.origin,
      token: operator.token,
    }).spaces.list();
    expect(spaces.filter((s) => s.metadata.demo === true).map((s) => s.id)).toEqual([demoSpaceId]);
    expect(spaces).toHaveLength(2);

    // If a child dies, the other is stopped and start exits non-zero.
    process.kill(run.pids.listener, "SIGKILL");
    expect(await run.exited).not.toBe(0);
    expect(isRunning(run.pids.server)).toBe(false);
  }, 60_000);
});
