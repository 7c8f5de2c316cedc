import Database from "better-sqlite3";
import { expect, it } from "vitest";
import type { Event } from "../../../core";
import { makeEvent } from "../store-fixtures";
import { EVENT_COLUMNS, eventColumns } from "../sql-columns";
import { databaseBefore, useDbFile, versionOf } from "./migration-test-db";
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
    const appended = await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(65_000) })));
    expect(appended.position).toBe(5);
    // A rolled back append gives its position back: the next one has it, with no gap.
    await expect(
      store.transaction(async (tx) => {
        await tx.appendEvent(makeEvent({ createdAt: at(66_000) }));
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    const next = await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(66_000) })));
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
    // The minutes of the events kept, each from its first position; the one appended after, from its own.
    expect(
      after.prepare("SELECT minute, first_position FROM event_minutes ORDER BY minute").raw().all(),
    ).toEqual([
      [at(2000).slice(0, 16), 3],
      [at(65_000).slice(0, 16), 5],
    ]);
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

it("lists the events since a time whatever order their times were appended in, before and after a prune", async () => {
  const store = await openSqliteStore({ filename: dbFile() });
  try {
    // Times by position, in minutes and seconds: one appended an hour late, one out of order within a minute.
    const times = [0, 100_000, 200_000, 200_000 - 3_600_000, 300_000, 290_000, 400_000];
    const events: Event[] = [];
    for (const ms of times)
      events.push(await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(ms) }))));
    const since = async (time: string) =>
      (await store.listEvents({ since: time, limit: 10, offset: 0 })).items.map((event) => event.position);
    const expected = (time: string) =>
      events.filter((event) => event.createdAt >= time).map((event) => event.position);
    const probes = [
      -3_600_001, -3_600_000, -1, 0, 1, 100_000, 199_999, 200_000, 290_000, 295_000, 300_001, 400_001,
    ];
    for (const ms of probes) expect([ms, await since(at(ms))]).toEqual([ms, expected(at(ms))]);
    expect((await store.listEvents({ since: at(100_000), limit: 2, offset: 1 })).total).toBe(5);
    // A time in another ISO form is compared as text, as before.
    expect(await since("2026-12-01T00:04:59Z")).toEqual(expected("2026-12-01T00:04:59Z"));

    // Pruned through the fourth event (the first four are older than 250 s): the rest are found as before.
    expect(await store.transaction((tx) => tx.pruneEvents(at(250_000), 4))).toBe(4);
    const left = events.slice(4);
    for (const ms of probes)
      expect([ms, await since(at(ms))]).toEqual([
        ms,
        left.filter((event) => event.createdAt >= at(ms)).map((event) => event.position),
      ]);
    // Appended after the prune, an hour late again: found by a since of its own minute.
    const late = await store.transaction((tx) => tx.appendEvent(makeEvent({ createdAt: at(-3_600_000) })));
    expect(await since(at(-3_600_000))).toEqual([...left.map((event) => event.position), late.position]);
  } finally {
    await store.close();
  }
});
