import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./testing/test-server";

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

/** The spec's calls (Jobs, Spaces, Events, Access), as path and method under /v1. */
const SPEC_CALLS: [string, string[]][] = [
  ["/jobs", ["get", "post"]],
  ["/jobs/{jobId}", ["get", "patch", "delete"]],
  ["/jobs/{jobId}/execute", ["post"]],
  ["/jobs/{jobId}/ack", ["post"]],
  ["/jobs/{jobId}/complete", ["post"]],
  ["/jobs/{jobId}/fail", ["post"]],
  ["/jobs/{jobId}/cancel", ["post"]],
  ["/jobs/{jobId}/retry", ["post"]],
  ["/jobs/{jobId}/outcome/ack", ["post"]],
  // Ours, beside the spec's: a job's log (issue 16).
  ["/jobs/{jobId}/logs", ["get", "post"]],
  ["/spaces", ["get", "post"]],
  ["/spaces/{spaceId}", ["get", "patch", "delete"]],
  ["/events", ["get"]],
  ["/events/{eventId}", ["get"]],
  ["/events/{eventId}/ack", ["post"]],
  ["/events/stream", ["get"]],
  ["/auth/tokens", ["post"]],
];

const JOB_TYPES = ["file", "workbook", "sheet", "space", "document", "app"];

let server: TestServer;
let doc: Json;

beforeAll(async () => {
  server = await startTestServer();
  const response = await server.call("GET", "/openapi.json", { token: null });
  expect(response.status).toBe(200);
  doc = response.body;
});

afterAll(async () => {
  await server?.stop();
});

/** Follows a local `$ref` to its component. */
function resolve(schema: Json): Json {
  if (schema?.$ref) {
    const name = String(schema.$ref).replace("#/components/schemas/", "");
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
    return resolve(target);
  }
  return schema;
}

describe("GET /v1/openapi.json", () => {
  it("is public and JSON", async () => {
    const response = await fetch(`${server.baseUrl}/v1/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("is OpenAPI 3.1 with a title, a version and bearer security", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("lists every call of the spec", () => {
    for (const [path, methods] of SPEC_CALLS) {
      expect(doc.paths, path).toHaveProperty([path]);
      for (const method of methods) {
        const operation = doc.paths[path][method];
        expect(operation, `${method.toUpperCase()} ${path}`).toBeDefined();
        expect(operation.summary).toBeTruthy();
        expect(operation.responses["200"]).toBeDefined();
      }
    }
  });

  it("documents path parameters and unique operation ids", () => {
    const ids = new Set<string>();
    for (const [path, methods] of Object.entries<Json>(doc.paths)) {
      for (const [method, operation] of Object.entries<Json>(methods)) {
        expect(ids.has(operation.operationId), operation.operationId).toBe(false);
        ids.add(operation.operationId);
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          expect(
            operation.parameters?.some((p: Json) => p.in === "path" && p.name === name && p.required),
            `${method} ${path} ${name}`,
          ).toBe(true);
        }
      }
    }
  });

  it("documents only calls the server really serves", async () => {
    for (const [path, methods] of Object.entries<Json>(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const concrete = path.replace(/\{(\w+)\}/g, "us_xx_probe");
        if (concrete === "/events/stream") continue; // a stream; checked by the event-stream tests
        const response = await server.call(method.toUpperCase(), concrete, { token: null });
        const message = response.body?.errors?.[0]?.message ?? "";
        expect(message, `${method.toUpperCase()} ${path}`).not.toMatch(/^No route/);
        expect([200, 401], `${method.toUpperCase()} ${path}`).toContain(response.status);
      }
    }
    // The check above can fail: an unserved path gets "No route".
    const unserved = await server.call("GET", "/jobs/x/y/z", { token: null });
    expect(unserved.status).toBe(404);
    expect(unserved.body.errors[0].message).toMatch(/^No route/);
  });

  it("its query parameters come from the schemas that validate requests", () => {
    const list = doc.paths["/jobs"].get.parameters.map((p: Json) => p.name);
    expect(list).toEqual(
      expect.arrayContaining([
        "spaceId",
        "workbookId",
        "fileId",
        "status",
        "operation",
        "type",
        "parentId",
        "mode",
        "pageSize",
        "pageNumber",
        "sortDirection",
      ]),
    );
    const events = doc.paths["/events"].get.parameters.map((p: Json) => p.name);
    expect(events).toEqual(
      expect.arrayContaining([
        "spaceId",
        "domain",
        "topic",
        "since",
        "pageSize",
        "pageNumber",
        "includeAcknowledged",
      ]),
    );
  });

  it("its JobConfig has the spec's type enum and progress bounded to 0..100", () => {
    const config = resolve(doc.components.schemas.JobConfig);
    expect(config.type).toBe("object");
    expect(config.required).toEqual(expect.arrayContaining(["type", "operation", "source"]));
    const type = resolve(config.properties.type);
    expect([...type.enum].sort()).toEqual([...JOB_TYPES].sort());
    const progress = resolve(config.properties.progress);
    expect(progress).toMatchObject({ type: "number", minimum: 0, maximum: 100 });
    for (const name of ["JobUpdate", "JobAckDetails"]) {
      expect(resolve(doc.components.schemas[name].properties.progress), name).toMatchObject({
        minimum: 0,
        maximum: 100,
      });
    }
  });

  it("has no dangling references", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/components/schemas/"), ref).toBe(true);
      expect(doc.components.schemas, ref).toHaveProperty([ref.replace("#/components/schemas/", "")]);
    }
  });
});

describe("GET /v1/docs", () => {
  it("is a public HTML page that names every path", async () => {
    const response = await fetch(`${server.baseUrl}/v1/docs`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/html/);
    const html = await response.text();
    expect(html.toLowerCase().startsWith("<!doctype html>")).toBe(true);
    for (const [path, methods] of SPEC_CALLS) {
      expect(html, path).toContain(`/v1${path}<`);
      for (const method of methods) {
        expect(html).toContain(`${method.toUpperCase()}</span> <code>/v1${path}</code>`);
      }
    }
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`/v1${path}`);
  });
});
