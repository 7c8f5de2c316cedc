import { describe, expect, it } from "vitest";
import {
  decodeToken,
  signInFromLocation,
  TOKEN_STORAGE_KEY,
  tokenFromHash,
  urlWithoutToken,
} from "./session";

const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const jwt = (claims: unknown) => `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url(claims)}.signature`;
const future = Math.floor(Date.now() / 1000) + 3600;

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe("decodeToken", () => {
  it("reads an operator's role and expiry", () => {
    const session = decodeToken(jwt({ role: "operator", sub: "ops", exp: future }));
    expect(session).toMatchObject({ role: "operator", subject: "ops", expiresAt: future * 1000 });
    expect(session?.spaceId).toBeUndefined();
  });

  it("reads a user's space", () => {
    expect(decodeToken(jwt({ role: "user", spaceId: "us_sp_1", exp: future }))).toMatchObject({
      role: "user",
      spaceId: "us_sp_1",
    });
  });

  it("refuses what is not a dashboard token", () => {
    expect(decodeToken("sk_secret")).toBeUndefined();
    expect(decodeToken("a.not-json.c")).toBeUndefined();
    expect(decodeToken(jwt({ role: "admin" }))).toBeUndefined();
    expect(decodeToken(jwt({ role: "user" }))).toBeUndefined();
  });
});

describe("the sign-in link", () => {
  it("takes the token from the fragment", () => {
    expect(tokenFromHash("#token=abc.def.ghi")).toBe("abc.def.ghi");
    expect(tokenFromHash("#other=1")).toBeUndefined();
    expect(tokenFromHash("")).toBeUndefined();
  });

  it("removes only the token from the address", () => {
    expect(urlWithoutToken("http://h/space/us_sp_1?x=1#token=t")).toBe("/space/us_sp_1?x=1");
    expect(urlWithoutToken("http://h/#token=t&tab=jobs")).toBe("/#tab=jobs");
  });

  it("stores the token for the tab and cleans the address bar", () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const token = jwt({ role: "user", spaceId: "us_sp_1", exp: future });
    const result = signInFromLocation(
      { href: `http://h/space/us_sp_1#token=${token}`, hash: `#token=${token}` },
      storage,
      (url) => replaced.push(url),
    );
    expect(result.session?.spaceId).toBe("us_sp_1");
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe(token);
    expect(replaced).toEqual(["/space/us_sp_1"]);
  });

  it("signs in again from the tab's storage after a reload", () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, jwt({ role: "operator", exp: future }));
    const result = signInFromLocation({ href: "http://h/", hash: "" }, storage, () => undefined);
    expect(result.session?.role).toBe("operator");
  });

  it("forgets an expired or unreadable token", () => {
    const storage = memoryStorage();
    storage.setItem(TOKEN_STORAGE_KEY, jwt({ role: "operator", exp: 1 }));
    expect(signInFromLocation({ href: "http://h/", hash: "" }, storage, () => undefined)).toEqual({
      problem: "expired",
    });
    expect(storage.map.size).toBe(0);
    storage.setItem(TOKEN_STORAGE_KEY, "garbage");
    expect(signInFromLocation({ href: "http://h/", hash: "" }, storage, () => undefined).problem).toBe(
      "invalid",
    );
  });
});
