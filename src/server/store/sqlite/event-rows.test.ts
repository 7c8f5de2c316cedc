import Database from "better-sqlite3";
import { expect, it } from "vitest";
import { Event } from "../../../core";
import { EVENT_COLUMNS, eventColumns } from "../sql-columns";
import { makeEvent } from "../store-fixtures";
import { useDbFile } from "./migration-test-db";
import { openSqliteStore } from "./sqlite-store";

const dbFile = useDbFile("event-rows");

/** An event with every optional field the columns hold, and context fields they do not. */
const fullEvent = () =>
  makeEvent({
    topic: "job:updated",
    context: {
      spaceId: "us_sp_rows",
      workbookId: "us_wb_rows",
      jobId: "us_jb_rows",
      actionName: "workbook:export",
      slugs: { sheet: "contacts" },
      actorId: "us_usr_1",
    },
    payload: { job: "workbook:export", status: "executing", progress: 40, info: "Step 4 of 10" },
  });

it("keeps each value of an event once: its columns' values are not in `data`, and it reads back whole", async () => {
  const filename = dbFile();
  const store = await openSqliteStore({ filename });
  const event = fullEvent();
  const bare = makeEvent({ topic: "space:created", domain: "space" });
  try {
    const [stored, storedBare] = await store.transaction(async (tx) => [
      await tx.appendEvent(event),
      await tx.appendEvent(bare),
    ]);
    const read = await store.getEvent(event.id);
    expect(read).toEqual(stored);
    expect(Event.parse(read)).toEqual(read);
    // The same fields in core's order, as a live event has them.
    expect(Object.keys(read!)).toEqual([
      "id",
      "topic",
      "domain",
      "context",
      "payload",
      "createdAt",
      "position",
    ]);
    expect(await store.getEvent(bare.id)).toEqual(storedBare);
    expect((await store.readEventsAfter(0, 10)).map((e) => e.id)).toEqual([event.id, bare.id]);
    expect((await store.listEvents({ jobId: "us_jb_rows", limit: 10, offset: 0 })).items).toEqual([stored]);
  } finally {
    await store.close();
  }
  const db = new Database(filename, { readonly: true });
  try {
    const data = db.prepare("SELECT data FROM events WHERE id = ?").pluck().get(event.id) as string;
    for (const column of [
      event.id,
      event.topic,
      event.createdAt,
      "us_sp_rows",
      "us_jb_rows",
      event.context.environmentId,
    ]) {
      expect(data).not.toContain(column);
    }
    expect(JSON.parse(data)).toEqual({
      context: {
        accountId: event.context.accountId,
        workbookId: "us_wb_rows",
        actionName: "workbook:export",
        slugs: { sheet: "contacts" },
        actorId: "us_usr_1",
      },
      payload: event.payload,
    });
  } finally {
    db.close();
  }
});

it("reads an event written whole (before), and acknowledges it and a new one by the column alone", async () => {
  const filename = dbFile();
  const old = fullEvent();
  const oldAcked = { ...makeEvent(), acknowledgedAt: "2026-12-01T00:00:00.000Z" };
  // The first open makes the schema; the rows are then written as the store wrote them before: `data` whole.
  await (await openSqliteStore({ filename })).close();
  const db = new Database(filename);
  const insert = db.prepare(
    `INSERT INTO events (${EVENT_COLUMNS}) VALUES (${EVENT_COLUMNS.replace(/\w+/g, "?")})`,
  );
  insert.run(...eventColumns(old));
  insert.run(...eventColumns(oldAcked));
  db.close();

  const store = await openSqliteStore({ filename });
  try {
    expect(await store.getEvent(old.id)).toEqual({ ...old, position: 1 });
    expect(await store.getEvent(oldAcked.id)).toEqual({ ...oldAcked, position: 2 });
    const fresh = await store.transaction((tx) => tx.appendEvent(makeEvent()));
    const at = "2026-12-07T12:00:00.000Z";
    await store.transaction(async (tx) => {
      expect(await tx.ackEvent(old.id, at)).toBe(true);
      expect(await tx.ackEvent(fresh.id, at)).toBe(true);
      // Acknowledged once: a second time changes nothing.
      expect(await tx.ackEvent(oldAcked.id, at)).toBe(true);
    });
    expect(await store.getEvent(old.id)).toEqual({ ...old, acknowledgedAt: at, position: 1 });
    expect(await store.getEvent(fresh.id)).toEqual({ ...fresh, acknowledgedAt: at });
    expect(await store.getEvent(oldAcked.id)).toEqual({ ...oldAcked, position: 2 });
    const unacknowledged = await store.listEvents({ includeAcknowledged: false, limit: 10, offset: 0 });
    expect(unacknowledged.items).toEqual([]);
  } finally {
    await store.close();
  }
});
