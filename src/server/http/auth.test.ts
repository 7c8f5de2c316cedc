import { describe, expect, it } from "vitest";
import { sign } from "hono/jwt";
import { TokenAuthority } from "./auth";

describe("TokenAuthority.signPath", () => {
  it("verifies for its path until it expires, then asks for a new link", async () => {
    let now = Date.parse("2026-01-01T12:00:00.000Z");
    const tokens = new TokenAuthority("sk_test", () => new Date(now));
    const principal = { kind: "user", subject: "u1", spaceId: "us_sp_1" } as const;
    const { signature, expiresAt } = await tokens.signPath("/v1/files/us_fl_1/download", principal, 300);
    expect(expiresAt).toBe("2026-01-01T12:05:00.000Z");
    expect(await tokens.verifyPath(signature, "/v1/files/us_fl_1/download")).toEqual(principal);
    now += 301_000;
    await expect(tokens.verifyPath(signature, "/v1/files/us_fl_1/download")).rejects.toThrow(/expired/);
  });

  it("refuses a signature made with another key", async () => {
    const now = () => new Date();
    const { signature } = await new TokenAuthority("sk_other", now).signPath(
      "/x",
      { kind: "operator", subject: "o" },
      60,
    );
    await expect(new TokenAuthority("sk_test", now).verifyPath(signature, "/x")).rejects.toThrow(/not valid/);
  });
});

describe("TokenAuthority claims", () => {
  const key = "sk_test";
  const now = () => new Date("2026-01-01T12:00:00.000Z");
  const iat = Math.floor(now().getTime() / 1000);

  it("refuses a validly signed token or link whose claims have the wrong shape with a 401", async () => {
    const tokens = new TokenAuthority(key, now);
    const forged = [
      { role: "user", spaceId: ["us_sp_a"], sub: "x", iat, exp: iat + 60 },
      { role: "user", sub: "x", iat, exp: iat + 60 },
      { role: "operator", sub: { id: 1 }, iat, exp: iat + 60 },
    ];
    for (const claims of forged)
      await expect(tokens.authenticate(await sign(claims, key, "HS256"))).rejects.toMatchObject({
        status: 401,
      });
    const link = await sign(
      {
        purpose: "signed-path",
        path: "/x",
        principal: { kind: "user", subject: "u", spaceId: [] },
        iat,
        exp: iat + 60,
      },
      key,
      "HS256",
    );
    await expect(tokens.verifyPath(link, "/x")).rejects.toMatchObject({ status: 401 });
  });
});
