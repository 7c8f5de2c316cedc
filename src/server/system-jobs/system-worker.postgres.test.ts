/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../app";
import { MemoryBlobStore } from "../files/memory-blob-store";
import { openPostgresStore } from "../store/postgres/postgres-store";
import { useTestDatabase } from "../store/postgres/use-test-database";
import type { Store } from "../store/store";
import { startSystemJobs, type SystemWorker } from ".";

/*
 * Two instances on one PostgreSQL schema, each with its own store (pool) and its own system worker, sharing the file
 * bytes as instances share DATA_DIR: every extract and import job runs on exactly one of them.
 */

const database = useTestDatabase();
const SECRET = "sk_test_two_instances";

let stores: Store[];
let workers: SystemWorker[];
let cleanup: () => Promise<void>;
const blobs = new MemoryBlobStore();

beforeEach(async () => {
  const first = await database.openStore();
  const second = await openPostgresStore({ connectionString: database.url, schema: first.schema, max: 4 });
  stores = [first.store, second];
  const deps = (store: Store) => ({
    store,
    blobs,
    now: () => new Date(),
    environmentId: "us_env_local",
    accountId: "us_acc_local",
  });
  workers = stores.map((store) => startSystemJobs(deps(store), { pollIntervalMs: 50, concurrency: 2 }));
  cleanup = async () => {
    await Promise.all(workers.map((worker) => worker.stop()));
    await second.close();
    await first.cleanup();
  };
});

afterEach(async () => {
  await cleanup();
});

describe("system jobs on two PostgreSQL instances", () => {
  it("runs each of 12 extract jobs and each import once, whichever instance hears of it first", async () => {
    const apps = stores.map((store) => createApp({ store, secretKey: SECRET, blobs }));
    const call = async (i: number, method: string, path: string, body?: unknown): Promise<any> => {
      const init: RequestInit = { method, headers: { authorization: `Bearer ${SECRET}` } };
      if (body instanceof FormData) init.body = body;
      else if (body !== undefined) {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
      const response = await apps[i % 2]!.request(`/v1${path}`, init);
      const json = (await response.json()) as any;
      if (response.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
      return json.data;
    };
    const space = await call(0, "POST", "/spaces", { name: "Two instances" });
    const target = await call(1, "POST", "/workbooks", {
      name: "CRM",
      spaceId: space.id,
      sheets: [{ name: "Contacts", fields: [{ key: "email", label: "Email", type: "string" }] }],
    });
    const rows = 300;
    const csv = ["Email", ...Array.from({ length: rows }, (_, r) => `p${r}@example.com`)].join("\n");
    const files = [];
    for (let i = 0; i < 12; i++) {
      const form = new FormData();
      form.set("spaceId", space.id);
      form.set("file", new Blob([csv]), `people-${i}.csv`);
      files.push(await call(i, "POST", "/files", form));
    }

    const settle = async (operation: string) => {
      for (let round = 0; round < 400; round++) {
        const { items } = await stores[0]!.listJobs({
          operation,
          sortDirection: "asc",
          limit: 100,
          offset: 0,
        });
        if (items.length > 0 && items.every((job) => ["complete", "failed"].includes(job.status)))
          return items;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`the ${operation} jobs did not finish`);
    };
    const extracts = await settle("extract");
    expect(extracts.map((job) => job.status)).toEqual(Array(12).fill("complete"));

    // Import the first three files, the calls spread over both instances.
    for (let i = 0; i < 3; i++) {
      const file = await call(i, "GET", `/files/${files[i].id}`);
      const source = await call(i, "GET", `/workbooks/${file.workbookId}`);
      const job = await call(i, "POST", "/jobs", {
        type: "workbook",
        operation: "map",
        source: source.id,
        destination: target.id,
        config: { sourceSheetId: source.sheets[0].id, destinationSheetId: target.sheets[0].id },
      });
      await call(i + 1, "POST", `/jobs/${job.id}/execute`);
    }
    const imports = await settle("map");
    expect(imports.map((job) => job.status)).toEqual(Array(3).fill("complete"));

    const events = await stores[1]!.readEventsAfter(0, 100_000);
    for (const job of [...extracts, ...imports]) {
      const claims = events.filter(
        (e) => e.context.jobId === job.id && e.topic === "job:updated" && e.payload.status === "executing",
      );
      // One claim (ready -> executing, "Starting") per job: no second instance ever ran it.
      expect(claims.filter((e) => e.payload.info === "Starting")).toHaveLength(1);
      expect(events.filter((e) => e.context.jobId === job.id && e.topic === "job:completed")).toHaveLength(1);
    }
    // Each file made one workbook with every row once; the imports wrote every row once.
    const { items: workbooks } = await stores[0]!.listWorkbooks({ limit: 100, offset: 0 });
    expect(workbooks.filter((w) => w.labels.includes("file"))).toHaveLength(12);
    for (const workbook of workbooks.filter((w) => w.labels.includes("file"))) {
      const [sheet] = await stores[0]!.listSheets(workbook.id);
      expect((await stores[0]!.countRecords(sheet!.id)).total).toBe(rows);
    }
    expect((await stores[0]!.countRecords(target.sheets[0].id)).total).toBe(3 * rows);
  }, 120_000);

  it("runs each record job (delete, find and replace, validate, mutate) once, each with one snapshot", async () => {
    const apps = stores.map((store) => createApp({ store, secretKey: SECRET, blobs }));
    const call = async (i: number, method: string, path: string, body?: unknown): Promise<any> => {
      const response = await apps[i % 2]!.request(`/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as any;
      if (response.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
      return json.data;
    };
    const space = await call(0, "POST", "/spaces", { name: "Record jobs" });
    const sheets: { workbookId: string; sheetId: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const workbook = await call(i, "POST", "/workbooks", {
        name: `CRM ${i}`,
        spaceId: space.id,
        sheets: [{ name: "Contacts", fields: [{ key: "name", label: "Name", type: "string" }] }],
      });
      const sheetId = workbook.sheets[0].id;
      await call(
        i,
        "POST",
        `/sheets/${sheetId}/records`,
        Array.from({ length: 500 }, (_, r) => ({
          name: { value: r % 2 ? `Smith ${r}` : `Jones ${r}` },
        })),
      );
      sheets.push({ workbookId: workbook.id, sheetId });
    }
    const created = [];
    for (const [i, { workbookId, sheetId }] of sheets.entries()) {
      const kind = i % 4;
      created.push(
        kind === 3
          ? await call(i, "POST", "/jobs", {
              type: "sheet",
              operation: "mutate-records",
              source: sheetId,
              config: {
                sheetId,
                mutateRecord: "(r) => { r.values.name.value = r.values.name.value.toUpperCase(); return r; }",
              },
            })
          : kind === 0
            ? await call(i, "POST", "/jobs", {
                type: "workbook",
                operation: "delete-records",
                source: workbookId,
                config: { sheet: sheetId, searchValue: "smith" },
              })
            : kind === 1
              ? await call(
                  i,
                  "GET",
                  `/jobs/${(await call(i, "PUT", `/sheets/${sheetId}/find-replace`, { fieldKey: "name", find: "Smith", replace: "Smyth" })).jobId}`,
                )
              : await call(i, "POST", "/jobs", { type: "sheet", operation: "validate", source: sheetId }),
      );
    }
    for (let round = 0; round < 400; round++) {
      const jobs = await Promise.all(created.map((job) => stores[0]!.getJob(job.id)));
      if (jobs.every((job) => job?.status === "complete")) break;
      if (round === 399) throw new Error("the record jobs did not finish");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const events = await stores[1]!.readEventsAfter(0, 100_000);
    for (const job of created) {
      const claims = events.filter(
        (e) => e.context.jobId === job.id && e.topic === "job:updated" && e.payload.status === "executing",
      );
      expect(claims.filter((e) => e.payload.info === "Starting")).toHaveLength(1);
      expect(events.filter((e) => e.context.jobId === job.id && e.topic === "job:completed")).toHaveLength(1);
    }
    for (const [i, { sheetId }] of sheets.entries()) {
      const snapshots = await stores[0]!.listSnapshots(sheetId);
      const counts = await stores[0]!.countRecords(sheetId);
      const records = await stores[0]!.listRecords(sheetId, {
        filter: "all",
        searchValue: "smith",
        sortDirection: "asc",
        limit: 0,
        offset: 0,
      });
      if (i % 4 === 3) {
        const all = await stores[0]!.listRecords(sheetId, {
          filter: "all",
          sortDirection: "asc",
          limit: 1_000,
          offset: 0,
        });
        const names = all.items.map((record) => String(record.values.name?.value));
        expect(snapshots.map((snapshot) => snapshot.recordCount)).toEqual([500]);
        expect(names).toHaveLength(500);
        expect(names.every((name) => name === name.toUpperCase())).toBe(true);
      } else if (i % 4 === 0) {
        expect(snapshots.map((snapshot) => snapshot.recordCount)).toEqual([500]);
        expect(counts.total).toBe(250);
      } else if (i % 4 === 1) {
        expect(snapshots.map((snapshot) => snapshot.recordCount)).toEqual([500]);
        expect([counts.total, records.total]).toEqual([500, 0]);
      } else {
        expect(snapshots).toEqual([]);
        expect(counts.total).toBe(500);
      }
    }
  }, 120_000);
});
