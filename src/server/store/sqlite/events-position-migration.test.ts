import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { makeEvent } from "../store-fixtures";
import { EVENT_COLUMNS, eventColumns } from "../sql-columns";
import { databaseBefore, useDbFile, versionOf } from "./migration-test-db";
import { SINCE_DISORDER_MS } from "./events-since";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("events-position-migration");
const MIGRATION = "events without AUTOINCREMENT and without their time index";

const at = (ms: number) => new Date(Date.parse("2026-12-01T00:00:00.000Z") + ms).toISOString();

it("keeps the log's events and positions, appends after the last, and has no sequence row or time index", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf(MIGRATION));
  const insertEvent = db.prepare(
    `INSERT INTO events (${EVENT_COLUMNS}) VALUES (${EVENT_COLUMNS.replace(/\w+/g, "?")})`,
  );
  const old = [0, 1, 2, 3].map((i) =>
    makeEvent({ createdAt: at(i * 1000), context: { spaceId: i % 2 ? "us_sp_a" : undefined } }),
  );
  for (const event of old) insertEvent.run(...eventColumns(event));
  // Positions 1 and 2 pruned, as pruneEvents does (never the newest).
  db.prepare("DELETE FROM events WHERE position <= 2").run();
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const listed = await store.listEvents({ limit: 10, offset: 0 });
    expect(listed.items.map((event) => [event.position, event.id])).toEqual([
      [3, old[2]!.id],
      [4, old[3]!.id],
    ]);
    const appended = await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(5000) })));
    expect(appended.position).toBe(5);
    // A rolled back append gives its position back: the next one has it, with no gap.
    await expect(
      store.transaction(async (tx) => {
        await tx.appendEvent(makeEvent({ createdAt: at(6000) }));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const next = await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(6000) })));
    expect(next.position).toBe(6);
    expect((await store.readEventsAfter(3, 10)).map((event) => event.position)).toEqual([4, 5, 6]);
    expect(
      (await store.listEvents({ spaceId: "us_sp_a", limit: 10, offset: 0 })).items.map((e) => e.id),
    ).toEqual([old[3]!.id]);
  } finally {
    await store.close();
  }

  const after = new Database(filename, { readonly: true });
  try {
    const sql = after.prepare("SELECT sql FROM sqlite_master WHERE name = 'events'").pluck().get() as string;
    expect(sql).not.toMatch(/AUTOINCREMENT/i);
    expect(after.prepare("SELECT COUNT(*) FROM sqlite_sequence WHERE name = 'events'").pluck().get()).toBe(0);
    const indexes = (after.pragma("index_list(events)") as { name: string; partial: number }[])
      .map((index) => [index.name, index.partial])
      .sort();
    expect(indexes).toEqual([
      ["events_job_position", 1],
      ["events_space_position", 1],
      ["sqlite_autoindex_events_1", 0],
    ]);
    const plan = (sqlText: string, ...params: (string | number)[]) =>
      (after.prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join("\n");
    // A read since a time goes by position, from the one found, not through the whole log.
    expect(
      plan(
        "SELECT position, data FROM events WHERE position >= ? AND created_at >= ? ORDER BY position",
        3,
        at(0),
      ),
    ).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  } finally {
    after.close();
  }
});

it("lists the events since a time, times out of order within the allowed disorder included", async () => {
  const store = await openSqliteStore({ filename: dbFile() });
  try {
    // Times by position: 0 s, 100 s, 200 s, then one a little older than its predecessor, then 300 s.
    const times = [0, 100_000, 200_000, 200_000 - SINCE_DISORDER_MS / 2, 300_000];
    const events = [];
    for (const ms of times)
      events.push(await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(ms) }))));
    const since = async (time: string) =>
      (await store.listEvents({ since: time, limit: 10, offset: 0 })).items.map((event) => event.position);
    expect(await since(at(-1))).toEqual([1, 2, 3, 4, 5]);
    expect(await since(at(0))).toEqual([1, 2, 3, 4, 5]);
    expect(await since(at(100_000))).toEqual([2, 3, 4, 5]);
    expect(await since(at(200_000 - SINCE_DISORDER_MS / 2))).toEqual([3, 4, 5]);
    expect(await since(at(200_000 - SINCE_DISORDER_MS / 4))).toEqual([3, 5]);
    expect(await since(at(300_001))).toEqual([]);
    expect((await store.listEvents({ since: at(100_000), limit: 2, offset: 1 })).total).toBe(4);
    // A time in another ISO form is compared as before (as text), from the position found for it.
    expect(await since("2026-12-01T00:04:59Z")).toEqual([5]);
  } finally {
    await store.close();
  }
});
