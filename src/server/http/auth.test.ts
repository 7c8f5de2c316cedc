import { describe, expect, it } from "vitest";
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
