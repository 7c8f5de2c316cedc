import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quoteIdentifier } from "../store/postgres/identifiers";
import { startTestDatabase, type TestDatabase } from "../store/postgres/test-database";
import { startMainProcess, type MainProcess } from "../testing/main-process";
import { connectSse, type SseClient } from "../testing/sse-client";

/**
 * Two real server processes (`src/server/main.ts`) on one PostgreSQL schema, with event-stream subscribers on each:
 * what one instance commits must reach the other's streams, and a killed instance's clients must resume on the
 * other with nothing missed and nothing repeated.
 */
const secretKey = `sk_scale_${randomBytes(12).toString("hex")}`;
const headers = { authorization: `Bearer ${secretKey}`, "content-type": "application/json" };

type Instance = { name: string; url: string; process: MainProcess; alive: boolean };

let database: TestDatabase;
let databaseUrl: string;
const instances: Instance[] = [];

async function startInstance(name: string): Promise<Instance> {
  // The same secret key on both: tokens and the key work on either, as behind a load balancer.
  const main = await startMainProcess({ API_SECRET_KEY: secretKey, DATABASE_URL: databaseUrl });
  const instance = { name, url: main.baseUrl, process: main, alive: true };
  instances.push(instance);
  return instance;
}

/**
 * A stream subscriber that prefers one instance and, when its connection drops, reconnects to the first instance
 * that answers, resuming with `Last-Event-ID` as a browser behind a load balancer would.
 */
class Subscriber {
  readonly #done: number[] = [];
  #current: SseClient | undefined;
  #closed = false;
  reconnects = 0;
  readonly running: Promise<void>;

  constructor(private readonly order: () => Instance[]) {
    this.running = this.#run();
  }

  /** Every position received, in arrival order. */
  positions(): number[] {
    return [...this.#done, ...(this.#current?.events().map((e) => e.position) ?? [])];
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#current?.close();
    await this.running;
  }

  async #run(): Promise<void> {
    let connections = 0;
    while (!this.#closed) {
      const last = this.#done.at(-1) ?? 0;
      let client: SseClient | undefined;
      for (const instance of this.order()) {
        try {
          client = await connectSse(`${instance.url}/v1/events/stream`, {
            token: secretKey,
            lastEventId: last,
          });
          if (client.status === 200) break;
        } catch {
          client = undefined;
        }
      }
      if (!client || client.status !== 200) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      if (connections++ > 0) this.reconnects++;
      this.#current = client;
      await client.waitFor((c) => c.ended, 600_000, "the end of the stream").catch(() => undefined);
      this.#done.push(...client.events().map((e) => e.position));
      this.#current = undefined;
    }
  }
}

const alive = () => instances.filter((instance) => instance.alive);

/** One API call on a random live instance; on a network failure, again on another one. */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; data: unknown }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    const choices = alive();
    const instance = choices[Math.floor(Math.random() * choices.length)]!;
    try {
      const response = await fetch(`${instance.url}/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as { data?: unknown };
      // A retried call may find its first attempt's work done (the instance died after committing): a 409 then.
      if (response.status === 200 || (attempt > 0 && response.status === 409))
        return { status: response.status, data: json.data };
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    } catch (error) {
      if (error instanceof Error && error.message.startsWith(method)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

/** created -> ready -> executing (ack) -> progress -> complete: five events per lifecycle. */
async function lifecycle(spaceId: string): Promise<void> {
  const created = await call("POST", "/jobs", {
    type: "space",
    operation: "scale",
    source: spaceId,
    trigger: "immediate",
  });
  const id = (created.data as { id: string }).id;
  await call("POST", `/jobs/${id}/ack`, { info: "started" });
  await call("PATCH", `/jobs/${id}`, { progress: 50 });
  await call("POST", `/jobs/${id}/complete`, { outcome: { message: "done" } });
}

/** Runs `count` lifecycles, `concurrency` at a time; `onProgress` hears each one finish. */
async function drive(
  spaceId: string,
  count: number,
  concurrency: number,
  onProgress = (_done: number) => {},
) {
  let started = 0;
  let finished = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < count) {
        started++;
        await lifecycle(spaceId);
        onProgress(++finished);
      }
    }),
  );
}

async function lastPosition(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ last: string }>(
      "SELECT COALESCE(MAX(position), 0) AS last FROM events",
    );
    return Number(rows[0]!.last);
  } finally {
    await client.end();
  }
}

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const range = (to: number) => Array.from({ length: to }, (_, i) => i + 1);

beforeAll(async () => {
  database = await startTestDatabase();
  const schema = `scale_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
  await admin.end();
  const url = new URL(database.url);
  url.searchParams.set("options", `-c search_path=${schema}`);
  databaseUrl = url.toString();
  // One after the other: the first creates the tables, the second finds them migrated.
  await startInstance("a");
  await startInstance("b");
}, 90_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.process.dispose()));
  await database?.close();
});

describe("two API instances on one PostgreSQL", () => {
  it("1,000 lifecycles through both at random reach every subscriber of both, once and in order; a SIGKILLed instance's subscribers resume on the other with no gap", async () => {
    const [a, b] = instances as [Instance, Instance];
    const space = await call("POST", "/spaces", { name: "Scale-out" });
    const spaceId = (space.data as { id: string }).id;
    // Two subscribers on each instance, each preferring its own.
    const subscribers = [a, a, b, b].map(
      (home) =>
        new Subscriber(() => [home, ...instances.filter((other) => other !== home)].filter((i) => i.alive)),
    );
    await until(() => subscribers.every((s) => s.positions().length > 0), "every subscriber's replay");

    await drive(spaceId, 1_000, 16);
    const afterFirst = await lastPosition();
    expect(afterFirst).toBeGreaterThanOrEqual(5_000);
    await until(
      () => subscribers.every((s) => s.positions().length >= afterFirst),
      "every subscriber to receive every event",
    );
    for (const subscriber of subscribers) expect(subscriber.positions()).toEqual(range(afterFirst));

    // Kill instance a without warning while lifecycles are running through both.
    let killed = false;
    await drive(spaceId, 300, 16, (done) => {
      if (done === 100 && !killed) {
        killed = true;
        a.alive = false;
        a.process.child.kill("SIGKILL");
      }
    });
    await a.process.exited;
    const afterKill = await lastPosition();
    expect(afterKill).toBeGreaterThanOrEqual(afterFirst + 1_500);
    await until(
      () => subscribers.every((s) => s.positions().length >= afterKill),
      "every subscriber to catch up after the kill",
    );
    for (const subscriber of subscribers) expect(subscriber.positions()).toEqual(range(afterKill));
    // a's subscribers really moved to b; b's never dropped.
    expect(subscribers.map((s) => s.reconnects > 0)).toEqual([true, true, false, false]);
    await Promise.all(subscribers.map((s) => s.close()));
  }, 240_000);
});
