import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../store/sqlite/sqlite-store";
import { createSpace } from "../testing/fixtures";
import { startTestServer, type TestServer } from "../testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/**
 * Finding 7 of the abuse pass: the data folder was created 0755 and `jobs.db` and its WAL 0644, so any user of the
 * machine could read every space's data; file names with direction controls or Windows device names were accepted.
 */

const modeOf = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== "win32";

let parent: string;

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), "jobs-modes-"));
});

afterAll(() => {
  rmSync(parent, { recursive: true, force: true });
});

describe.runIf(posix)("file modes on a real SQLite store", () => {
  it("creates the data folder 0700 and jobs.db, its -wal and -shm 0600, whatever the umask", async () => {
    const dataDir = join(parent, "fresh", "data");
    const before = process.umask(0o022);
    let server: TestServer | undefined;
    try {
      server = await startTestServer({ dataDir });
      const spaceId = await createSpace(server, "Private");
      await server.ok("POST", "/jobs", {
        type: "space",
        operation: "x",
        source: spaceId,
        trigger: "immediate",
      });
      expect(modeOf(dataDir).toString(8)).toBe("700");
      for (const name of ["jobs.db", "jobs.db-wal", "jobs.db-shm"])
        expect(modeOf(join(dataDir, name)).toString(8), name).toBe("600");
      expect(modeOf(join(dataDir, "files")).toString(8)).toBe("700");
    } finally {
      process.umask(before);
      await server?.stop();
    }
  });

  it("tightens an existing data folder and database of its own to 0700 and 0600", async () => {
    const dataDir = join(parent, "existing");
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const seeded = SqliteStore.open(join(dataDir, "jobs.db"));
    await seeded.close();
    chmodSync(join(dataDir, "jobs.db"), 0o644);
    const server = await startTestServer({ dataDir });
    try {
      expect(modeOf(dataDir).toString(8)).toBe("700");
      expect(modeOf(join(dataDir, "jobs.db")).toString(8)).toBe("600");
    } finally {
      await server.stop();
    }
  });

  it("opens a database file that exists 0644 as 0600, its new WAL too", async () => {
    const dir = join(parent, "store");
    mkdirSync(dir);
    const filename = join(dir, "jobs.db");
    writeFileSync(filename, "");
    chmodSync(filename, 0o644);
    const store = SqliteStore.open(filename);
    try {
      await store.transaction((tx) =>
        tx.insertSpace({
          id: "us_sp_modes",
          name: "Modes",
          environmentId: "us_env_local",
          metadata: {},
          actions: [],
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        } as never),
      );
      expect(modeOf(filename).toString(8)).toBe("600");
      expect(modeOf(`${filename}-wal`).toString(8)).toBe("600");
    } finally {
      await store.close();
    }
  });
});

describe("file names", () => {
  let server: TestServer;
  let spaceId: string;

  beforeAll(async () => {
    server = await startTestServer();
    spaceId = await createSpace(server, "Names");
  });

  afterAll(async () => {
    await server?.stop();
  });

  async function upload(name: string): Promise<{ status: number; body: Json }> {
    const form = new FormData();
    form.set("spaceId", spaceId);
    form.set("file", new Blob(["a,b\n1,2\n"], { type: "text/csv" }), name);
    const response = await fetch(`${server.baseUrl}/v1/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.secretKey}` },
      body: form,
    });
    return { status: response.status, body: await response.json() };
  }

  const refused = [
    "invoice\u202Evsc.exe",
    "report\u2066.csv",
    "a\u200Fb.csv",
    "arabic\u061Cmark.csv",
    "CON",
    "con.csv",
    "Nul.txt",
    "COM1.csv",
    "lpt9",
    "aux.tar.gz",
    "PRN .csv",
  ];
  for (const name of refused) {
    it(`refuses the upload ${JSON.stringify(name)} with a 400 naming the file`, async () => {
      const response = await upload(name);
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].key).toBe("file");
      // The message quotes the name with its direction controls spelled out, so it reads as it was sent.
      expect(response.body.errors[0].message).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/);
    });
  }

  it("still accepts names that only look alike", async () => {
    for (const name of ["console.csv", "COM10.csv", "LPT0.csv", "contacts.csv", "مرحبا.csv", "Nulls.txt"]) {
      const response = await upload(name);
      expect(response.status, `${name} ${JSON.stringify(response.body)}`).toBe(200);
    }
  });

  it("refuses a rename to a device name or one with a direction control", async () => {
    const { body } = await upload("people.csv");
    for (const name of ["AUX.csv", "people\u202Ecsv.exe"]) {
      const response = await server.call("PATCH", `/files/${body.data.id}`, { body: { name } });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].key).toBe("name");
    }
  });
});
