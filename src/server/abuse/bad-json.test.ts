import { sign } from "hono/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpace } from "../testing/fixtures";
import { startTestServer, type TestServer } from "../testing/test-server";

/**
 * Finding 6 of the abuse pass: JSON nested 10,000 deep and a validly signed token whose `spaceId` is an array were
 * answered 500; `__proto__` keys were dropped without a word. Each is now a 400 (401 for the token) that says why.
 */

let server: TestServer;
let spaceId: string;

beforeAll(async () => {
  server = await startTestServer();
  spaceId = await createSpace(server, "Bad JSON");
});

afterAll(async () => {
  await server?.stop();
});

const nested = (depth: number, leaf = "1") => '{"a":'.repeat(depth) + leaf + "}".repeat(depth);

describe("JSON depth", () => {
  it("refuses metadata nested 10,000 deep with a 400, and keeps serving", async () => {
    const response = await server.call("POST", "/spaces", {
      rawBody: `{"name":"Deep","metadata":${nested(10_000)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors[0].message).toBe("JSON nested deeper than 64 levels");
    expect((await server.call("GET", "/health", { token: null })).status).toBe(200);
  });

  it("refuses arrays nested 10,000 deep as a records body", async () => {
    const { data: workbook } = await server.ok("POST", "/workbooks", {
      name: "Deep",
      spaceId,
      sheets: [{ name: "S", fields: [{ key: "name", type: "string" }] }],
    });
    const response = await server.call("POST", `/sheets/${workbook.sheets[0].id}/records`, {
      rawBody: "[".repeat(10_000) + "]".repeat(10_000),
      headers: { "content-type": "application/json" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(400);
    expect(response.body.errors[0].message).toMatch(/nested deeper than 64/);
  });

  it("accepts metadata nested as deep as the limit allows", async () => {
    const response = await server.call("POST", "/spaces", {
      rawBody: `{"name":"Deep enough","metadata":${nested(62)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  });
});

describe("prototype keys", () => {
  const cases: [string, string][] = [
    ['{"name":"P","metadata":{"__proto__":{"admin":true}}}', "metadata.__proto__"],
    ['{"name":"P","metadata":{"a":[{"constructor":{"prototype":1}}]}}', "metadata.a.0.constructor"],
    ['{"name":"P","prototype":{}}', "prototype"],
  ];
  for (const [body, key] of cases) {
    it(`refuses ${key} with a 400 naming the path, and creates nothing`, async () => {
      const before = (await server.ok("GET", "/spaces?pageSize=1")).pagination.totalCount;
      const response = await server.call("POST", "/spaces", {
        rawBody: body,
        headers: { "content-type": "application/json" },
      });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.errors[0].key).toBe(key);
      expect((await server.ok("GET", "/spaces?pageSize=1")).pagination.totalCount).toBe(before);
    });
  }
});

describe("token claims", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const signed = (claims: Record<string, unknown>) =>
    sign({ iat: now(), exp: now() + 600, sub: "forger", ...claims }, server.secretKey, "HS256");

  const forged: [string, Record<string, unknown>][] = [
    ["spaceId as an array", { role: "user", spaceId: ["us_sp_a", "us_sp_b"] }],
    ["spaceId as an object", { role: "user", spaceId: { $ne: "" } }],
    ["a role that does not exist", { role: "admin" }],
    ["sub as a number", { role: "operator", sub: 7 }],
    ["exp as a string", { role: "operator", exp: "never" }],
  ];
  for (const [name, claims] of forged) {
    it(`a validly signed token with ${name} is a 401`, async () => {
      const token = await signed(claims);
      for (const path of ["/jobs", `/spaces/${spaceId}`, "/spaces"]) {
        const response = await server.call("GET", path, { token });
        expect(response.status, `${path} ${JSON.stringify(response.body)}`).toBe(401);
      }
    });
  }

  it("a well-formed signed token still works", async () => {
    const token = await signed({ role: "user", spaceId });
    expect((await server.call("GET", `/spaces/${spaceId}`, { token })).status).toBe(200);
  });
});
