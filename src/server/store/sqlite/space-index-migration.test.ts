import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { makeEvent, makeJob } from "../store-fixtures";
import { EVENT_COLUMNS, eventColumns } from "../sql-columns";
import { databaseBefore, insertJobRows, useDbFile, versionOf } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("space-index-migration");

const SPACE_INDEXES = {
  jobs: [
    "jobs_space_created",
    "jobs_space_status_created",
    "jobs_space_operation_created",
    "jobs_space_type_created",
    "jobs_space_mode_created",
  ],
  events: ["events_space_position"],
};

it("keeps the jobs and events stored before, and indexes by space only those of a space", async () => {
  const filename = dbFile();
  const db = databaseBefore(filename, versionOf("space indexes hold the jobs and events of a space only"));
  const inSpace = makeJob({ spaceId: "us_sp_a", status: "failed" });
  const noSpace = makeJob({ status: "failed" });
  insertJobRows(db, [inSpace, noSpace]);
  const insertEvent = db.prepare(
    `INSERT INTO events (${EVENT_COLUMNS}) VALUES (${EVENT_COLUMNS.replace(/\w+/g, "?")})`,
  );
  const spaceEvent = makeEvent({ context: { spaceId: "us_sp_a" } });
  const otherEvent = makeEvent({ context: { spaceId: undefined } });
  insertEvent.run(...eventColumns(spaceEvent));
  insertEvent.run(...eventColumns(otherEvent));
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    const jobs = async (q: { spaceId?: string; status?: "failed"; operation?: string }) =>
      (await store.listJobs({ ...q, sortDirection: "asc", limit: 10, offset: 0 })).items.map((job) => job.id);
    expect(await jobs({})).toEqual([inSpace.id, noSpace.id]);
    expect(await jobs({ spaceId: "us_sp_a" })).toEqual([inSpace.id]);
    expect(await jobs({ spaceId: "us_sp_a", status: "failed" })).toEqual([inSpace.id]);
    expect(await jobs({ spaceId: "us_sp_a", operation: inSpace.operation })).toEqual([inSpace.id]);
    expect(await jobs({ status: "failed" })).toEqual([inSpace.id, noSpace.id]);
    const events = await store.listEvents({ spaceId: "us_sp_a", limit: 10, offset: 0 });
    expect(events.items.map((event) => event.id)).toEqual([spaceEvent.id]);
    expect((await store.readEventsAfter(0, 10, { filter: { spaceId: "us_sp_a" } })).map((e) => e.id)).toEqual(
      [spaceEvent.id],
    );
    expect((await store.readEventsAfter(0, 10)).map((e) => e.id)).toEqual([spaceEvent.id, otherEvent.id]);
    // Written after the migration: found the same way.
    const later = makeJob({ spaceId: "us_sp_a" });
    await store.transaction((tx) => tx.insertJob(later));
    expect(await jobs({ spaceId: "us_sp_a" })).toEqual([inSpace.id, later.id]);
  } finally {
    await store.close();
  }

  const after = new Database(filename, { readonly: true });
  try {
    for (const [table, names] of Object.entries(SPACE_INDEXES)) {
      const partial = new Map(
        (after.pragma(`index_list(${table})`) as { name: string; partial: number }[]).map((index) => [
          index.name,
          index.partial,
        ]),
      );
      for (const name of names) expect([name, partial.get(name)]).toEqual([name, 1]);
    }
    // Each holds the rows of a space only: one job of no space is left out of all five.
    for (const name of SPACE_INDEXES.jobs) {
      const entries = after
        .prepare(`SELECT COUNT(*) FROM jobs INDEXED BY ${name} WHERE space_id IS NOT NULL`)
        .pluck()
        .get();
      expect([name, entries]).toEqual([name, 2]);
    }
    // A read with a bound space still goes through them, in the list's order.
    const plan = (sql: string, ...params: string[]) =>
      (after.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((row) => row.detail)
        .join("\n");
    for (const column of ["status", "operation", "type", "mode"]) {
      const page = plan(
        `SELECT data FROM jobs WHERE space_id = ? AND ${column} = ? ORDER BY created_at DESC, seq DESC LIMIT 10`,
        "us_sp_a",
        "x",
      );
      expect(page).toMatch(new RegExp(`USING INDEX jobs_space_${column}_created `));
      expect(page).not.toMatch(/TEMP B-TREE/);
    }
    expect(
      plan("SELECT data FROM jobs WHERE space_id = ? ORDER BY created_at, seq LIMIT 10", "us_sp_a"),
    ).toMatch(/USING INDEX jobs_space_created /);
    expect(
      plan(
        "SELECT position, data FROM events WHERE position > 0 AND space_id = ? ORDER BY position LIMIT 10",
        "us_sp_a",
      ),
    ).toMatch(/USING INDEX events_space_position /);
  } finally {
    after.close();
  }
});
