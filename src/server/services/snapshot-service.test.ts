/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "../../core";
import { createApp } from "../app";
import { MemoryBlobStore } from "../files/memory-blob-store";
import { MemoryStore } from "../store/memory-store";
import type { Store } from "../store/store";
import { SnapshotService } from "./snapshot-service";

const SECRET = "sk_test_snapshot_service";
const principal: Principal = { kind: "secret", subject: "test" };
let store: MemoryStore;
let app: ReturnType<typeof createApp>;

const call = async (method: string, path: string, body?: unknown): Promise<any> => {
  const response = await app.request(`/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as any;
  if (response.status !== 200) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
  return json.data;
};

const FIELDS = [
  { key: "name", type: "string" },
  { key: "code", type: "string", constraints: [{ type: "unique" }] },
];

async function sheetOf(rows: number) {
  const space = await call("POST", "/spaces", { name: "Snapshots" });
  const workbook = await call("POST", "/workbooks", {
    name: "W",
    spaceId: space.id,
    sheets: [{ name: "People", fields: FIELDS }],
  });
  const sheetId = workbook.sheets[0].id as string;
  await call(
    "POST",
    `/sheets/${sheetId}/records`,
    Array.from({ length: rows }, (_, i) => ({ name: { value: `n${i}` }, code: { value: `c${i}` } })),
  );
  return sheetId;
}

const records = async (sheetId: string) =>
  (await store.listRecords(sheetId, { filter: "all", sortDirection: "asc", limit: 100_000, offset: 0 }))
    .items;

const strip = (r: any) => ({ id: r.id, values: r.values, valid: r.valid, metadata: r.metadata });

/** A store whose transactions fail from the `failAt`-th on, as a server that stops midway would leave it. */
function failingAfter(inner: Store, failAt: number): Store {
  let count = 0;
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === "transaction")
        return (work: Parameters<Store["transaction"]>[0]) => {
          if (++count >= failAt) return Promise.reject(new Error("stopped"));
          return target.transaction(work);
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const service = (over: Store = store) =>
  new SnapshotService({ store: over, now: () => new Date(), environmentId: "us_env_local", accountId: "a" });

beforeEach(() => {
  store = new MemoryStore();
  app = createApp({ store, secretKey: SECRET, blobs: new MemoryBlobStore() });
});

describe("SnapshotService.restore in chunks", () => {
  it("a restore cut short leaves whole chunks; running it again finishes it exactly", async () => {
    const sheetId = await sheetOf(3_000);
    const before = await records(sheetId);
    const snapshot = await service().create({ sheetId }, principal);
    // Every other record deleted, the first hundred changed, and records added since.
    const gone = before.filter((_, i) => i % 2 === 1).map((r) => r.id);
    for (let i = 0; i < gone.length; i += 500)
      await call("DELETE", `/sheets/${sheetId}/records?ids=${gone.slice(i, i + 500).join(",")}`);
    await call(
      "PUT",
      `/sheets/${sheetId}/records`,
      before
        .slice(0, 100)
        .flatMap((r, i) => (i % 2 === 0 ? [{ id: r.id, values: { name: { value: "x" } } }] : [])),
    );
    await call("POST", `/sheets/${sheetId}/records`, [{ name: { value: "new" }, code: { value: "c0" } }]);

    await expect(service(failingAfter(store, 4)).restore(snapshot.id, {}, principal)).rejects.toThrow(
      "stopped",
    );
    const midway = await records(sheetId);
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.map(strip)).not.toEqual(before.map(strip));

    await service().restore(snapshot.id, {}, principal);
    const after = await records(sheetId);
    expect(after.map(strip)).toEqual(before.map(strip));
    // Again: nothing left to undo, and the sheet stays as it is.
    const events = (await store.lastEventPosition()) + 1;
    await service().restore(snapshot.id, {}, principal);
    expect((await records(sheetId)).map(strip)).toEqual(before.map(strip));
    const published = (await store.readEventsAfter(events - 1, 100)).map((e) => [e.topic, e.payload]);
    expect(published.map(([topic]) => topic)).toEqual(["commit:created", "sheet:updated"]);
    expect(published[0]![1]).toMatchObject({ inserted: 0, updated: 0, deleted: 0, recordIds: [] });
  });

  it("keeps unique sane across chunks: a value taken since is flagged on both records", async () => {
    const sheetId = await sheetOf(2_000);
    const before = await records(sheetId);
    const snapshot = await service().create({ sheetId }, principal);
    const last = before.at(-1)!;
    await call("DELETE", `/sheets/${sheetId}/records?ids=${last.id}`);
    const [taker] = (
      await call("POST", `/sheets/${sheetId}/records`, [{ name: { value: "t" }, code: { value: "c1999" } }])
    ).records;
    expect(taker.valid).toBe(true);
    await service().restore(snapshot.id, { deleted: true, updated: false, created: false }, principal);
    const after = await records(sheetId);
    const byId = new Map(after.map((r) => [r.id, r]));
    expect(byId.get(last.id)?.values.code?.messages?.[0]?.message).toMatch(/unique|duplicate/i);
    expect(byId.get(taker.id)?.valid).toBe(false);
    expect(after.filter((r) => !r.valid)).toHaveLength(2);
  });

  it("refuses to diff more records than it can compare at once, with a reason", async () => {
    const sheetId = await sheetOf(3);
    const snapshot = await service().create({ sheetId }, principal);
    const big = { ...snapshot, recordCount: 100_001 };
    const reader = new Proxy(store, {
      get(target, key, receiver) {
        if (key === "getSnapshot") return async () => big;
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const refused = service(reader).diff(snapshot.id, principal);
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(/100,001 records.*up to 100,000/);
    expect((await service().diff(snapshot.id, principal)).counts).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
    });
  });
});
