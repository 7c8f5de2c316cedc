import { describe, expect, it } from "vitest";
import type { JobOutcomeNext, JobOutcomeNextType } from "../../../core";
import { resolveNextStep } from "./next-step";

const origin = "http://127.0.0.1:8080";
const resolve = (next: unknown) => resolveNextStep(next as JobOutcomeNext, origin);

describe("resolveNextStep", () => {
  it("turns an id into a path of the space, with its query", () => {
    expect(
      resolve({ type: "id", id: "us_sp_1", path: "files", query: "mode=export", label: "See downloads" }),
    ).toEqual({ kind: "navigate", to: "/space/us_sp_1/files?mode=export", label: "See downloads" });
    expect(resolve({ type: "id", id: "us_sp_1" })).toEqual({
      kind: "navigate",
      to: "/space/us_sp_1",
      label: "Open",
    });
  });

  it("opens http(s) URLs, and downloads on this origin for real, elsewhere in a new tab", () => {
    expect(resolve({ type: "url", url: "https://example.com/a?b=1" })).toEqual({
      kind: "external",
      href: "https://example.com/a?b=1",
      label: "Open link",
    });
    expect(resolve({ type: "download", url: "/v1/files/x/download", fileName: "r.csv" })).toMatchObject({
      kind: "download",
      href: `${origin}/v1/files/x/download`,
      fileName: "r.csv",
      sameOrigin: true,
    });
    expect(resolve({ type: "download", url: "https://cdn.example.com/r.csv" })).toMatchObject({
      sameOrigin: false,
    });
  });

  it("never makes a link of a javascript:, data: or protocol-relative address, nor of a path leaving the space", () => {
    for (const url of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(1)",
      "java\nscript:alert(1)",
      "data:text/html,x",
      "//evil.example",
    ]) {
      expect(resolve({ type: "url", url })?.kind).toBe("unsafe");
      expect(resolve({ type: "download", url })?.kind).toBe("unsafe");
    }
    expect(resolve({ type: "id", id: "us_sp_1", path: "../../evil" })?.kind).toBe("unsafe");
    expect(resolve({ type: "id", id: "us_sp_1", path: "/absolute" })?.kind).toBe("unsafe");
  });

  it("names a files step's buttons by the step's label for one file, by each file's label for several", () => {
    const one = { fileId: "us_fl_1", label: "october-contacts.csv" };
    const labels = (next: Parameters<typeof resolve>[0]) =>
      (resolve(next) as { files: { label: string }[] }).files.map((file) => file.label);
    expect(labels({ type: "files", label: "Download the CSV", files: [one] })).toEqual(["Download the CSV"]);
    expect(labels({ type: "files", files: [one] })).toEqual(["october-contacts.csv"]);
    expect(
      labels({ type: "files", label: "Download", files: [one, { fileId: "us_fl_2", label: "Errors" }] }),
    ).toEqual(["october-contacts.csv", "Errors"]);
    expect(labels({ type: "files", files: [{ fileId: "a" }, { fileId: "b" }] })).toEqual([
      "Download files (1)",
      "Download files (2)",
    ]);
  });

  it("keeps the other next types' data and gives each a default label", () => {
    expect(resolve({ type: "files", files: [{ fileId: "us_fl_1" }] })).toEqual({
      kind: "files",
      files: [{ fileId: "us_fl_1", label: "Download file" }],
      label: "Download file",
    });
    expect(resolve({ type: "snapshot", snapshotId: "us_ss_1", sheetId: "us_sh_1" })).toMatchObject({
      kind: "snapshot",
      label: "View snapshot",
    });
    expect(
      resolve({ type: "view", sheetId: "us_sh_1", hiddenColumns: ["email"], label: "Hide emails" }),
    ).toEqual({
      kind: "view",
      sheetId: "us_sh_1",
      hiddenColumns: ["email"],
      label: "Hide emails",
    });
    expect(resolve({ type: "retry" })).toEqual({ kind: "retry", label: "Retry" });
    expect(
      resolve({ type: "snapshot", snapshotId: "us_ss_1", sheetId: "us_sh_1", restore: { deleted: true } }),
    ).toEqual({
      kind: "undo",
      sheetId: "us_sh_1",
      snapshotId: "us_ss_1",
      restore: { deleted: true },
      label: "Undo",
    });
    expect(resolve({ type: "clearFilters" })).toEqual({
      kind: "clearFilters",
      sheetIds: undefined,
      label: "Clear filters",
    });
    expect(resolve({ type: "wait", confetti: true })).toEqual({ kind: "wait", fade: false, confetti: true });
    expect(resolve(undefined)).toBeUndefined();
  });

  // A Record over the union: a next type added to core does not compile here until it has a sample, and then
  // resolveNextStep (and NextStepButton, which switches over its result) must handle it too (both end in
  // assertExhaustive).
  const ONE_OF_EACH: Record<JobOutcomeNextType, JobOutcomeNext> = {
    id: { type: "id", id: "us_sp_1" },
    url: { type: "url", url: "https://example.com/report" },
    download: { type: "download", url: "/files/report.csv" },
    files: { type: "files", files: [{ fileId: "us_fl_1" }] },
    snapshot: { type: "snapshot", sheetId: "us_sh_1", snapshotId: "us_ss_1" },
    view: { type: "view", sheetId: "us_sh_1", hiddenColumns: ["email"] },
    retry: { type: "retry" },
    clearFilters: { type: "clearFilters" },
    wait: { type: "wait" },
  };

  it("resolves every type of next step to something the dashboard shows", () => {
    for (const [type, next] of Object.entries(ONE_OF_EACH)) {
      expect(resolveNextStep(next, origin), type).toEqual(
        expect.objectContaining({ kind: expect.any(String) }),
      );
    }
  });
});
