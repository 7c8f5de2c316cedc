import { describe, expect, it } from "vitest";
import { isRetryable, PermanentError } from "./permanent-error";

describe("isRetryable", () => {
  it("retries every failure but one marked retryable: false", () => {
    class RefusedKey extends Error {
      readonly retryable = false;
    }
    expect(isRetryable(new Error("busy"))).toBe(true);
    expect(isRetryable("a string")).toBe(true);
    expect(isRetryable(undefined)).toBe(true);
    expect(isRetryable(new PermanentError("bad key"))).toBe(false);
    expect(isRetryable(new RefusedKey("bad key"))).toBe(false);
    expect(new PermanentError("bad key")).toMatchObject({ name: "PermanentError", message: "bad key" });
  });
});
