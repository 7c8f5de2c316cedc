import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { NOTHING_POLICY, securedJson, securityHeaders } from "./security-headers";

const EXPECTED = {
  "content-type": "application/json",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  "content-security-policy": NOTHING_POLICY,
};

describe("securedJson", () => {
  it("carries JSON's content type and every security header by itself, with the status given", async () => {
    const response = securedJson('{"data":1}', 201);
    expect(response.status).toBe(201);
    expect(Object.fromEntries(response.headers)).toEqual(EXPECTED);
    expect(await response.json()).toEqual({ data: 1 });
  });

  it("passes the middleware (twice, as the Node server applies it) as it is", async () => {
    const app = new Hono();
    app.use(securityHeaders());
    app.use(securityHeaders());
    let sent: Response | undefined;
    app.get("/", () => (sent = securedJson('{"data":2}')));
    const response = await app.request("/");
    expect(response).toBe(sent);
    expect(Object.fromEntries(response.headers)).toEqual(EXPECTED);
  });

  it("leaves the middleware to secure any other response", async () => {
    const app = new Hono();
    app.use(securityHeaders());
    app.get("/", (c) => c.json({ data: 3 }));
    const response = await app.request("/");
    expect(Object.fromEntries(response.headers)).toEqual(EXPECTED);
  });
});
