import { FlatfileClient } from "@flatfile/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { filterMatches } from "../core";
import { cell, CONTACT_FIELDS, createSpace, createWorkbook } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

let server: TestServer;
let spaceId: string;

const events = (topic: string): Promise<Json[]> => server.allEvents({ spaceId, topic });

const last = <T>(items: T[]): T => items[items.length - 1] as T;

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Docs and snapshots");
});

afterAll(async () => {
  await server?.stop();
});

describe("documents", () => {
  let document: Json;

  it("creates, lists and gets a document, with document:created", async () => {
    document = (
      await server.ok("POST", `/spaces/${spaceId}/documents`, {
        title: "Welcome",
        body: "# Hello\n\nRead me.",
        actions: [{ operation: "start", label: "Start", primary: true }],
      })
    ).data;
    expect(document.id).toMatch(/^us_dc_/);
    expect(document).toMatchObject({
      spaceId,
      title: "Welcome",
      body: "# Hello\n\nRead me.",
      treatments: [],
    });
    expect(document.actions[0].operation).toBe("start");
    const list = (await server.ok("GET", `/spaces/${spaceId}/documents`)).data;
    expect(list.map((d: Json) => d.id)).toEqual([document.id]);
    expect((await server.ok("GET", `/spaces/${spaceId}/documents/${document.id}`)).data.title).toBe(
      "Welcome",
    );
    const [created] = await events("document:created");
    expect(created.domain).toBe("document");
    expect(created.context).toMatchObject({ spaceId, documentId: document.id });
    expect(created.payload.title).toBe("Welcome");
  });

  it("updates a document with document:updated and action events", async () => {
    const updated = (
      await server.ok("PATCH", `/spaces/${spaceId}/documents/${document.id}`, {
        title: "Welcome!",
        actions: [{ operation: "finish", label: "Finish" }],
      })
    ).data;
    expect(updated).toMatchObject({ title: "Welcome!", body: "# Hello\n\nRead me." });
    expect((await events("document:updated"))[0].context.documentId).toBe(document.id);
    const actions = await events("action:*");
    expect(actions.map((e) => `${e.topic} ${e.context.actionName}`)).toEqual([
      "action:created finish",
      "action:deleted start",
    ]);
    expect(actions[0].context).toMatchObject({ spaceId, documentId: document.id });
    expect(actions[0].domain).toBe("document");
  });

  it("a document of another space, or of a missing space, is 404; creating in a missing space is 400", async () => {
    const other = await createSpace(server, "Other");
    expect((await server.call("GET", `/spaces/${other}/documents/${document.id}`)).status).toBe(404);
    expect((await server.call("GET", `/spaces/us_sp_missing/documents`)).status).toBe(404);
    const missing = await server.call("POST", `/spaces/us_sp_missing/documents`, {
      body: { title: "x", body: "" },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].key).toBe("spaceId");
  });

  it("deletes a document with document:deleted", async () => {
    expect((await server.ok("DELETE", `/spaces/${spaceId}/documents/${document.id}`)).data).toEqual({
      success: true,
    });
    expect((await server.call("GET", `/spaces/${spaceId}/documents/${document.id}`)).status).toBe(404);
    expect((await events("document:deleted"))[0].context.documentId).toBe(document.id);
  });

  it("works through @flatfile/api's documents client", async () => {
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const created = await api.documents.create(spaceId, { title: "Guide", body: "Body" });
    const listed = await api.documents.list(spaceId);
    expect(listed.data.map((d) => d.id)).toContain(created.data.id);
    const updated = await api.documents.update(spaceId, created.data.id, {
      title: "Guide 2",
      body: "Body 2",
    });
    expect(updated.data.title).toBe("Guide 2");
    expect((await api.documents.get(spaceId, created.data.id)).data.body).toBe("Body 2");
    await api.documents.delete(spaceId, created.data.id);
  });
});

describe("snapshots", () => {
  let sheetId: string;
  let workbookId: string;
  let snapshot: Json;
  let originals: Json[];

  const current = async () =>
    (await server.ok("GET", `/sheets/${sheetId}/records?pageSize=100`)).data.records;

  beforeAll(async () => {
    const workbook = await createWorkbook(server, spaceId, "Snap", [
      { name: "Contacts", fields: CONTACT_FIELDS },
    ]);
    workbookId = workbook.id;
    sheetId = workbook.sheets[0].id;
    originals = (
      await server.ok("POST", `/sheets/${sheetId}/records`, [
        { name: cell("Ann"), email: cell("ann@example.com") },
        { name: cell("Bob"), email: cell("bob@example.com") },
        { name: cell("Cid"), email: cell("cid@example.com") },
      ])
    ).data.records;
  });

  it("creates a snapshot of the sheet's records with snapshot:created", async () => {
    snapshot = (await server.ok("POST", "/snapshots", { sheetId, label: "before edits" })).data;
    expect(snapshot.id).toMatch(/^us_ss_/);
    expect(snapshot).toMatchObject({ sheetId, workbookId, spaceId, label: "before edits", recordCount: 3 });
    const [created] = await events("snapshot:created");
    expect(created.context).toMatchObject({
      spaceId,
      workbookId,
      sheetId,
      snapshotId: snapshot.id,
      slugs: { sheet: "contacts" },
    });
    expect(created.payload).toMatchObject({ snapshotId: snapshot.id, recordCount: 3 });
    expect(filterMatches({ sheet: "contacts" }, created)).toBe(true);
  });

  it("lists snapshots newest first, gets one, and reads its records paged", async () => {
    const second = (await server.ok("POST", "/snapshots", { sheetId })).data;
    const list = (await server.ok("GET", `/snapshots?sheetId=${sheetId}`)).data;
    expect(list.map((s: Json) => s.id)).toEqual([second.id, snapshot.id]);
    expect((await server.ok("GET", `/snapshots/${snapshot.id}`)).data.label).toBe("before edits");
    const page = await server.ok("GET", `/snapshots/${snapshot.id}/records?pageSize=2&pageNumber=2`);
    expect(page.data.map((r: Json) => r.id)).toEqual([originals[2].id]);
    expect(page.pagination).toEqual({ currentPage: 2, pageCount: 2, totalCount: 3 });
    await server.ok("DELETE", `/snapshots/${second.id}`);
    expect((await server.call("GET", `/snapshots/${second.id}`)).status).toBe(404);
    expect((await server.call("GET", "/snapshots/us_ss_missing/records")).status).toBe(404);
  });

  it("keeps the snapshot frozen and diffs it against the sheet: added, removed, changed", async () => {
    const [ann, bob, cid] = originals;
    await server.ok("PUT", `/sheets/${sheetId}/records`, [
      { id: bob.id, values: { email: cell("ann@example.com") } },
    ]);
    await server.ok("DELETE", `/sheets/${sheetId}/records?ids=${cid.id}`);
    const [dan] = (await server.ok("POST", `/sheets/${sheetId}/records`, [{ name: cell("Dan") }])).data
      .records;

    const frozen = (await server.ok("GET", `/snapshots/${snapshot.id}/records`)).data;
    expect(frozen.map((r: Json) => r.values.email.value)).toEqual([
      "ann@example.com",
      "bob@example.com",
      "cid@example.com",
    ]);

    const diff = (await server.ok("GET", `/snapshots/${snapshot.id}/diff`)).data;
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(diff.added.map((r: Json) => r.id)).toEqual([dan.id]);
    expect(diff.removed.map((r: Json) => r.id)).toEqual([cid.id]);
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]).toMatchObject({ id: bob.id, fields: ["email"] });
    expect(diff.changed[0].before.values.email.value).toBe("bob@example.com");
    expect(diff.changed[0].after.values.email.value).toBe("ann@example.com");
    // Ann shares her email with Bob now: both are marked.
    const now = await current();
    expect(now.find((r: Json) => r.id === ann.id).valid).toBe(false);
  });

  it("restores the snapshot: the sheet's records are the snapshot's again, with commit:created and sheet:updated", async () => {
    const restored = (await server.ok("POST", `/snapshots/${snapshot.id}/restore`)).data;
    expect(restored.id).toBe(snapshot.id);
    const now = await current();
    expect(now.map((r: Json) => r.id)).toEqual(originals.map((r: Json) => r.id));
    expect(now.map((r: Json) => r.values.email.value)).toEqual([
      "ann@example.com",
      "bob@example.com",
      "cid@example.com",
    ]);
    expect(now.every((r: Json) => r.valid)).toBe(true);
    expect((await server.ok("GET", `/snapshots/${snapshot.id}/diff`)).data.counts).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
    });

    const commit = last(await events("commit:created"));
    expect(commit.context).toMatchObject({ sheetId, workbookId, slugs: { sheet: "contacts" } });
    expect(commit.payload).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
    const sheetUpdated = last(await events("sheet:updated"));
    expect(sheetUpdated.context).toMatchObject({ sheetId, snapshotId: snapshot.id });
    expect(sheetUpdated.payload).toMatchObject({ snapshotId: snapshot.id, restored: true });
  });

  it("restores only what the options ask (Flatfile's RestoreOptions)", async () => {
    const [extra] = (await server.ok("POST", `/sheets/${sheetId}/records`, [{ name: cell("Eve") }])).data
      .records;
    await server.ok("DELETE", `/sheets/${sheetId}/records?ids=${originals[0].id}`);
    await server.ok("POST", `/snapshots/${snapshot.id}/restore`, {
      created: false,
      updated: true,
      deleted: true,
    });
    const now = await current();
    expect(now.map((r: Json) => r.id)).toEqual([...originals.map((r: Json) => r.id), extra.id]);
  });

  it("works through @flatfile/api's snapshots client", async () => {
    const api = new FlatfileClient({ apiUrl: server.baseUrl, token: server.secretKey });
    const created = await api.snapshots.createSnapshot({ sheetId, label: "client" });
    expect(created.data.sheetId).toBe(sheetId);
    const list = await api.snapshots.listSnapshots({ sheetId });
    expect(list.data[0]?.id).toBe(created.data.id);
    const got = await api.snapshots.getSnapshot(created.data.id, { includeSummary: false });
    expect(got.data.label).toBe("client");
    const records = await api.snapshots.getSnapshotRecords(created.data.id, { pageSize: 2, pageNumber: 1 });
    expect(records.data).toHaveLength(2);
    await api.snapshots.restoreSnapshot(created.data.id, { created: true, updated: true, deleted: true });
    await api.snapshots.deleteSnapshot(created.data.id);
  });
});
