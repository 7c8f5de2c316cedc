import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSpace } from "../testing/fixtures";
import { startTestServer, type TestServer } from "../testing/test-server";

/** Finding 1: a user token could send as many requests as it liked (1,000 jobs in 3.2 s, all 200). */
describe("rate limits per token", () => {
  let server: TestServer;
  let spaceId: string;

  beforeAll(async () => {
    server = await startTestServer({
      rateLimits: { perToken: { perSecond: 1, burst: 5 }, perAddress: { perSecond: 1_000, burst: 10_000 } },
    });
    spaceId = await createSpace(server, "Limited");
  });
  afterAll(() => server.stop());

  const get = (token: string) =>
    fetch(`${server.baseUrl}/v1/spaces/${spaceId}`, { headers: { authorization: `Bearer ${token}` } });

  it("a user token past its burst gets 429 with Retry-After and the RateLimit headers", async () => {
    const token = await server.mintToken("user", spaceId);
    for (let i = 0; i < 5; i++) {
      const response = await get(token);
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-limit")).toBe("5");
      expect(response.headers.get("ratelimit-remaining")).toBe(String(4 - i));
      expect(Number(response.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
    }
    const refused = await get(token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("ratelimit-remaining")).toBe("0");
    const body = (await refused.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/Too many requests from this token: at most 1 a second/);
  });

  it("a second token for the same person shares the bucket; another person has their own", async () => {
    const subject = { role: "user", spaceId, subject: "same-person" };
    const mint = async () => (await server.ok("POST", "/auth/tokens", subject)).data.token as string;
    const first = await mint();
    for (let i = 0; i < 5; i++) expect((await get(first)).status).toBe(200);
    expect((await get(await mint())).status).toBe(429);
    expect((await get(await server.mintToken("user", spaceId))).status).toBe(200);
  });

  it("the secret key is not throttled", async () => {
    for (let i = 0; i < 30; i++) {
      const response = await get(server.secretKey);
      expect(response.status).toBe(200);
      expect(response.headers.get("ratelimit-limit")).toBeNull();
    }
  });
});

describe("rate limits per address", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: { perAddress: { perSecond: 1, burst: 3 } } });
  });
  afterAll(() => server.stop());

  it("requests from one address past its burst get 429, with or without a token", async () => {
    for (let i = 0; i < 3; i++)
      expect((await server.call("GET", "/health", { token: null })).status).toBe(200);
    const refused = await fetch(`${server.baseUrl}/v1/health`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("1");
    const body = (await refused.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/from this address/);
    // The secret key is the backend's: not counted against its address either.
    expect((await server.call("GET", "/spaces")).status).toBe(200);
  });
});
