// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { copyText } from "./copy-text";

const setClipboard = (clipboard: unknown) =>
  Object.defineProperty(navigator, "clipboard", { value: clipboard, configurable: true });

// jsdom has no execCommand at all: each test gives it one.
const setExecCommand = (result: boolean | Error) =>
  Object.defineProperty(document, "execCommand", {
    configurable: true,
    value: vi.fn(() => {
      if (result instanceof Error) throw result;
      return result;
    }),
  });

afterEach(() => {
  setClipboard(undefined);
  vi.restoreAllMocks();
});

describe("copyText", () => {
  it("uses the Clipboard API when there is one", async () => {
    const writeText = vi.fn(async () => undefined);
    setClipboard({ writeText });
    expect(await copyText("abc")).toBe(true);
    expect(writeText).toHaveBeenCalledWith("abc");
  });

  it("falls back to a selected text area when the Clipboard API refuses, and leaves nothing behind", async () => {
    setClipboard({ writeText: vi.fn(async () => Promise.reject(new Error("denied"))) });
    let copied = "";
    setExecCommand(true);
    vi.mocked(document.execCommand).mockImplementation(() => {
      copied = document.querySelector("textarea")?.value ?? "";
      return true;
    });
    expect(await copyText("the job")).toBe(true);
    expect(copied).toBe("the job");
    expect(document.querySelector("textarea")).toBeNull();
  });

  it("says false when neither way works", async () => {
    setExecCommand(false);
    expect(await copyText("x")).toBe(false);
    setExecCommand(new Error("not allowed"));
    expect(await copyText("x")).toBe(false);
  });
});
