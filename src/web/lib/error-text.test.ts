import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, ConnectionError } from "../../sdk";
import { errorText, isChunkLoadError, isUnreachable, NEW_VERSION_TEXT, UNREACHABLE_TEXT } from "./error-text";

const chunkError = (message: string) => new TypeError(message);

afterEach(() => vi.unstubAllGlobals());

describe("errorText", () => {
  it("says the server could not be reached, without the request's method and URL", () => {
    const error = new ConnectionError(
      "Could not reach PUT http://localhost:3000/v1/sheets/x/records: Failed to fetch",
    );
    expect(errorText(error)).toBe(UNREACHABLE_TEXT);
    expect(errorText(error)).not.toMatch(/http|PUT|fetch/);
    expect(isUnreachable(error)).toBe(true);
  });

  it("gives the server's messages of a refusal, without the status code", () => {
    const error = ApiError.from(409, {
      errors: [{ message: "The job is canceled" }, { message: "Try again" }],
    });
    expect(errorText(error)).toBe("The job is canceled; Try again");
    expect(errorText(ApiError.from(500, {}))).toBe("500 Request failed");
    expect(isUnreachable(error)).toBe(false);
  });

  it("shows a 429 as too many requests, with the wait the server's Retry-After gives", () => {
    const refusal = { errors: [{ message: "Too many requests from this token: at most 50 a second" }] };
    const limited = ApiError.from(429, refusal, new Headers({ "retry-after": "7" }));
    expect(errorText(limited)).toBe("Too many requests, try again in 7 s");
    expect(errorText(ApiError.from(429, refusal, new Headers({ "retry-after": "0" })))).toBe(
      "Too many requests, try again in 1 s",
    );
    expect(errorText(ApiError.from(429, refusal))).toBe("Too many requests, try again in a moment");
    expect(isUnreachable(limited)).toBe(false);
  });

  it("reads a chunk a deploy removed as a new version, and one fetched offline as unreachable", () => {
    const gone = chunkError(
      "Failed to fetch dynamically imported module: http://x/assets/files-page-Ab12.js",
    );
    expect(errorText(gone)).toBe(NEW_VERSION_TEXT);
    vi.stubGlobal("navigator", { onLine: false });
    expect(errorText(gone)).toBe(UNREACHABLE_TEXT);
  });

  it("falls back to the message of any other error, or the value itself", () => {
    expect(errorText(new Error("Something broke"))).toBe("Something broke");
    expect(errorText("plain")).toBe("plain");
  });
});

describe("isChunkLoadError", () => {
  it("knows each browser's words for a failed dynamic import, and webpack's error name", () => {
    expect(isChunkLoadError(chunkError("Failed to fetch dynamically imported module: http://x/a.js"))).toBe(
      true,
    );
    expect(isChunkLoadError(chunkError("Importing a module script failed."))).toBe(true);
    expect(isChunkLoadError(chunkError("error loading dynamically imported module: http://x/a.js"))).toBe(
      true,
    );
    const named = new Error("Loading chunk 7 failed.");
    named.name = "ChunkLoadError";
    expect(isChunkLoadError(named)).toBe(true);
    expect(isChunkLoadError(new TypeError("Failed to fetch"))).toBe(false);
    expect(isChunkLoadError("Importing a module script failed.")).toBe(false);
  });
});
