import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJob, createSpace, jobConfig } from "./testing/fixtures";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** Ids and tokens the cases refer to, made once before the table runs. */
type Fixture = {
  space: string;
  otherSpace: string;
  ready: string;
  executing: string;
  otherJob: string;
  userToken: string;
};

type Case = {
  name: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: (f: Fixture) => string;
  /** A JSON body (serialised as is). */
  body?: (f: Fixture) => unknown;
  /** A raw body, sent with content-type application/json. */
  raw?: () => string;
  /** "secret" (default), "none", or the user token of `space`. */
  auth?: "secret" | "none" | "user";
  status: 400 | 401 | 403 | 404 | 413;
  /** For 400s: the `key` one of the errors must carry. */
  key?: string;
};

const job =
  (extra: Record<string, unknown> = {}) =>
  (f: Fixture) =>
    jobConfig(f.space, extra);
const outcomeNext = (next: unknown) => () => ({ outcome: { heading: "Done", next } });
const TWO_MIB = 2 * 1024 * 1024;

const cases: Case[] = [
  // Wrong types.
  {
    name: "operation as a number",
    method: "POST",
    path: () => "/jobs",
    body: job({ operation: 42 }),
    status: 400,
    key: "operation",
  },
  {
    name: "progress as a string on ack",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/ack`,
    body: () => ({ progress: "50" }),
    status: 400,
    key: "progress",
  },
  {
    name: "metadata as an array on update",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ metadata: [1, 2] }),
    status: 400,
    key: "metadata",
  },
  {
    name: "metadata as an array on create",
    method: "POST",
    path: () => "/jobs",
    body: job({ metadata: ["a"] }),
    status: 400,
    key: "metadata",
  },
  {
    name: "predecessorIds as a string",
    method: "POST",
    path: () => "/jobs",
    body: job({ predecessorIds: "us_jb_x" }),
    status: 400,
    key: "predecessorIds",
  },
  {
    name: "missing source",
    method: "POST",
    path: () => "/jobs",
    body: (f) => ({ type: "workbook", operation: "export", spaceId: f.space }),
    status: 400,
    key: "source",
  },
  { name: "a JSON array as the body", method: "POST", path: () => "/jobs", raw: () => "[]", status: 400 },
  {
    name: "JSON null as the ack body",
    method: "POST",
    path: (f) => `/jobs/${f.ready}/ack`,
    raw: () => "null",
    status: 400,
  },
  // Unknown enum values.
  {
    name: 'type "banana"',
    method: "POST",
    path: () => "/jobs",
    body: job({ type: "banana" }),
    status: 400,
    key: "type",
  },
  {
    name: 'mode "sideways"',
    method: "POST",
    path: () => "/jobs",
    body: job({ mode: "sideways" }),
    status: 400,
    key: "mode",
  },
  {
    name: 'trigger "later"',
    method: "POST",
    path: () => "/jobs",
    body: job({ trigger: "later" }),
    status: 400,
    key: "trigger",
  },
  {
    name: 'status "done" on update',
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ status: "done" }),
    status: 400,
    key: "status",
  },
  {
    name: 'status "done" in the list query',
    method: "GET",
    path: () => "/jobs?status=done",
    status: 400,
    key: "query.status",
  },
  {
    name: 'sortDirection "up" in the query',
    method: "GET",
    path: () => "/jobs?sortDirection=up",
    status: 400,
    key: "query.sortDirection",
  },
  {
    name: 'includeAcknowledged "yes"',
    method: "GET",
    path: () => "/events?includeAcknowledged=yes",
    status: 400,
    key: "query.includeAcknowledged",
  },
  // Progress out of range.
  {
    name: "progress -1 on ack",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/ack`,
    body: () => ({ progress: -1 }),
    status: 400,
    key: "progress",
  },
  {
    name: "progress 101 on ack",
    method: "POST",
    path: (f) => `/jobs/${f.ready}/ack`,
    body: () => ({ progress: 101 }),
    status: 400,
    key: "progress",
  },
  {
    name: "progress -1 on update",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ progress: -1 }),
    status: 400,
    key: "progress",
  },
  {
    name: "progress 101 on update",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ progress: 101 }),
    status: 400,
    key: "progress",
  },
  // Unsafe outcome links.
  {
    name: "javascript: url on complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "url", url: "javascript:alert(1)" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "JaVaScRiPt: url on fail",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/fail`,
    body: outcomeNext({ type: "url", url: "JaVaScRiPt:alert(1)" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "java<tab>script: url on complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "url", url: "java\tscript:alert(1)" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "data: url on complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "url", url: "data:text/html,<script>alert(1)</script>" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "data: url on fail",
    method: "POST",
    path: (f) => `/jobs/${f.ready}/fail`,
    body: outcomeNext({ type: "url", url: "data:text/html;base64,PHNjcmlwdD4=" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "javascript: download url on complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "download", url: "javascript:alert(1)", fileName: "x.csv" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "data: download url on fail",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/fail`,
    body: outcomeNext({ type: "download", url: "data:text/csv,a,b" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "//evil.com url on complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "url", url: "//evil.com/phish" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "//evil.com download url on fail",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/fail`,
    body: outcomeNext({ type: "download", url: "//evil.com/x.csv" }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "absolute path /etc in next.id",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "id", id: "us_wb_1", path: "/etc" }),
    status: 400,
    key: "outcome.next.path",
  },
  {
    name: "../ path in next.id",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "id", id: "us_wb_1", path: "sheets/../../admin" }),
    status: 400,
    key: "outcome.next.path",
  },
  {
    name: "unknown next type",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    body: outcomeNext({ type: "teleport", to: "mars" }),
    status: 400,
    key: "outcome.next.type",
  },
  {
    name: "javascript: url in an update's outcome",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ status: "complete", outcome: { next: { type: "url", url: "javascript:alert(1)" } } }),
    status: 400,
    key: "outcome.next.url",
  },
  {
    name: "javascript: url in a created job's outcome",
    method: "POST",
    path: () => "/jobs",
    body: job({ outcome: { next: { type: "url", url: "javascript:void(0)" } } }),
    status: 400,
    key: "outcome.next.url",
  },
  // Over-long and oversized.
  {
    name: "info over 2000 characters on ack",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/ack`,
    body: () => ({ info: "x".repeat(2_001) }),
    status: 400,
    key: "info",
  },
  {
    name: "info over 2000 characters on create",
    method: "POST",
    path: () => "/jobs",
    body: job({ info: "x".repeat(2_001) }),
    status: 400,
    key: "info",
  },
  {
    name: "a 2 MiB body on create",
    method: "POST",
    path: () => "/jobs",
    raw: () =>
      JSON.stringify({
        type: "workbook",
        operation: "export",
        source: "us_wb_big",
        metadata: { blob: "x".repeat(TWO_MIB) },
      }),
    status: 413,
  },
  {
    name: "a 2 MiB body on update",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    raw: () => JSON.stringify({ metadata: { blob: "x".repeat(TWO_MIB) } }),
    status: 413,
  },
  // Malformed or missing bodies.
  {
    name: "bad JSON",
    method: "POST",
    path: () => "/jobs",
    raw: () => '{"type": "workbook", "operation": ',
    status: 400,
  },
  { name: "an empty body on POST /jobs", method: "POST", path: () => "/jobs", raw: () => "", status: 400 },
  {
    name: "an empty body on PATCH /jobs/{id}",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    raw: () => "",
    status: 400,
  },
  // Tokens and visibility.
  { name: "no token", method: "GET", path: () => "/jobs", auth: "none", status: 401 },
  {
    name: "no token on a write",
    method: "POST",
    path: (f) => `/jobs/${f.ready}/ack`,
    auth: "none",
    body: () => ({}),
    status: 401,
  },
  {
    name: "user token calling ack",
    method: "POST",
    path: (f) => `/jobs/${f.ready}/ack`,
    auth: "user",
    body: () => ({ progress: 10 }),
    status: 403,
  },
  {
    name: "user token calling complete",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/complete`,
    auth: "user",
    body: () => ({}),
    status: 403,
  },
  {
    name: "user token reading another space",
    method: "GET",
    path: (f) => `/spaces/${f.otherSpace}`,
    auth: "user",
    status: 404,
  },
  {
    name: "user token reading another space's job",
    method: "GET",
    path: (f) => `/jobs/${f.otherJob}`,
    auth: "user",
    status: 404,
  },
  {
    name: "user token cancelling another space's job",
    method: "POST",
    path: (f) => `/jobs/${f.otherJob}/cancel`,
    auth: "user",
    body: () => ({}),
    status: 404,
  },
  // Query bounds and formats.
  { name: "pageSize 0", method: "GET", path: () => "/jobs?pageSize=0", status: 400, key: "query.pageSize" },
  {
    name: "pageSize 5000",
    method: "GET",
    path: () => "/jobs?pageSize=5000",
    status: 400,
    key: "query.pageSize",
  },
  {
    name: "pageSize 5000 on events",
    method: "GET",
    path: () => "/events?pageSize=5000",
    status: 400,
    key: "query.pageSize",
  },
  {
    name: "pageNumber 0",
    method: "GET",
    path: () => "/jobs?pageNumber=0",
    status: 400,
    key: "query.pageNumber",
  },
  {
    name: "a bad since date",
    method: "GET",
    path: () => "/events?since=last-tuesday",
    status: 400,
    key: "query.since",
  },
  {
    name: "a user token request without spaceId",
    method: "POST",
    path: () => "/auth/tokens",
    body: () => ({ role: "user" }),
    status: 400,
    key: "spaceId",
  },
  {
    name: "a token request with an unknown role",
    method: "POST",
    path: () => "/auth/tokens",
    body: () => ({ role: "admin" }),
    status: 400,
    key: "role",
  },
  {
    name: "an invalid estimatedCompletionAt on ack",
    method: "POST",
    path: (f) => `/jobs/${f.executing}/ack`,
    body: () => ({ estimatedCompletionAt: "soon" }),
    status: 400,
    key: "estimatedCompletionAt",
  },
  {
    name: "an invalid estimatedCompletionAt on update",
    method: "PATCH",
    path: (f) => `/jobs/${f.executing}`,
    body: () => ({ estimatedCompletionAt: "2024-13-45" }),
    status: 400,
    key: "estimatedCompletionAt",
  },
  {
    name: "an invalid estimatedCompletionAt on create",
    method: "POST",
    path: () => "/jobs",
    body: job({ estimatedCompletionAt: "tomorrow" }),
    status: 400,
    key: "estimatedCompletionAt",
  },
  // Unknown resources.
  { name: "unknown job id", method: "GET", path: () => "/jobs/us_jb_doesnotexist", status: 404 },
  { name: "an unknown route", method: "GET", path: () => "/jobs/us_jb_x/not-a-call", status: 404 },
  { name: "an unknown method on a known path", method: "DELETE", path: () => "/jobs", status: 404 },
  {
    name: "ack of an unknown job",
    method: "POST",
    path: () => "/jobs/us_jb_doesnotexist/ack",
    body: () => ({}),
    status: 404,
  },
  {
    name: "unknown space for a new job",
    method: "POST",
    path: () => "/jobs",
    body: job({ spaceId: "us_sp_doesnotexist" }),
    status: 400,
    key: "spaceId",
  },
  {
    name: "unknown parent for a new job",
    method: "POST",
    path: () => "/jobs",
    body: job({ parentId: "us_jb_doesnotexist" }),
    status: 400,
    key: "parentId",
  },
  // Spaces.
  {
    name: "an empty space name",
    method: "POST",
    path: () => "/spaces",
    body: () => ({ name: "" }),
    status: 400,
    key: "name",
  },
  {
    name: "an action without a label",
    method: "PATCH",
    path: (f) => `/spaces/${f.space}`,
    body: () => ({ actions: [{ operation: "x" }] }),
    status: 400,
    key: "actions.0.label",
  },
];

let server: TestServer;
let fixture: Fixture;

/** Everything a malformed request could have changed, read with the secret key. */
async function snapshot(): Promise<Json> {
  const [jobs, spaces, events] = await Promise.all([
    server.call("GET", "/jobs?pageSize=1000"),
    server.call("GET", "/spaces"),
    server.call("GET", "/events?pageSize=1000&includeAcknowledged=true"),
  ]);
  for (const r of [jobs, spaces, events]) expect(r.status).toBe(200);
  return { jobs: jobs.body, spaces: spaces.body, events: events.body };
}

beforeAll(async () => {
  server = await startTestServer();
  const space = await createSpace(server, "bad input");
  const otherSpace = await createSpace(server, "someone else's");
  const ready = (await createJob(server, space, { trigger: "immediate" })).id;
  const executing = (await createJob(server, space, { operation: "import", trigger: "immediate" })).id;
  await server.ok("POST", `/jobs/${executing}/ack`, { progress: 10 });
  const otherJob = (await createJob(server, otherSpace, { source: "us_wb_other" })).id;
  fixture = {
    space,
    otherSpace,
    ready,
    executing,
    otherJob,
    userToken: await server.mintToken("user", space),
  };
});

afterAll(async () => {
  await server?.stop();
});

describe("malformed requests", () => {
  it("the table is large enough and names each case once", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)("$name -> $status", async (testCase) => {
    const before = await snapshot();
    const token = testCase.auth === "none" ? null : testCase.auth === "user" ? fixture.userToken : undefined;
    const rawBody = testCase.raw?.();
    const response = await server.call(testCase.method, testCase.path(fixture), {
      token,
      body: testCase.body?.(fixture),
      rawBody,
      headers: rawBody !== undefined ? { "content-type": "application/json" } : undefined,
    });

    expect(response.status, JSON.stringify(response.body)?.slice(0, 500)).toBe(testCase.status);
    expect(response.body).toEqual({ errors: expect.any(Array) });
    expect(response.body.errors.length).toBeGreaterThan(0);
    for (const error of response.body.errors) {
      expect(typeof error.message).toBe("string");
      expect(error.message.trim().length).toBeGreaterThan(0);
    }
    if (testCase.key) expect(response.body.errors.map((e: Json) => e.key)).toContain(testCase.key);

    expect(await snapshot()).toEqual(before);
  });

  it("the fixture jobs are still usable afterwards", async () => {
    expect((await server.ok("GET", `/jobs/${fixture.executing}`)).data.status).toBe("executing");
    expect((await server.ok("POST", `/jobs/${fixture.ready}/ack`, { progress: 100 })).data.progress).toBe(
      100,
    );
  });
});
