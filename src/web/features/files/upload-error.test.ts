import { describe, expect, it } from "vitest";
import { ApiError, ConnectionError } from "../../../sdk";
import { uploadErrorText } from "./upload-error";

describe("uploadErrorText", () => {
  it("names the server's size limit of a 413", () => {
    const error = ApiError.from(413, {
      errors: [{ key: "file", message: "The file is larger than the limit of 100 MiB" }],
    });
    expect(uploadErrorText(error)).toBe("Too large (limit 100 MB)");
    expect(uploadErrorText(ApiError.from(413, {}))).toBe("Too large for the server");
  });

  it("says what else went wrong in plain words", () => {
    expect(uploadErrorText(ApiError.from(400, { errors: [{ message: "spaceId is required" }] }))).toBe(
      "Refused: spaceId is required",
    );
    expect(uploadErrorText(ApiError.from(403, {}))).toBe("You may not upload files here");
    expect(uploadErrorText(new ConnectionError("down"))).toBe(
      "Could not reach the server. Check your connection and try again.",
    );
  });
});
