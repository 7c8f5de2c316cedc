import { describe, expect, it } from "vitest";
import type { SheetRecord } from "../../lib/api-types";
import { diffRows, type SnapshotDiff } from "./snapshot-rows";
import { restoreEffects, summaryText } from "./snapshot-text";

const record = (id: string, name: string): SheetRecord =>
  ({
    id,
    values: { name: { value: name, valid: true, messages: [] } },
    metadata: {},
  }) as unknown as SheetRecord;

const then = [record("us_rc_1", "Ada"), record("us_rc_2", "Alan"), record("us_rc_3", "Grace")];
const diff: SnapshotDiff = {
  added: [record("us_rc_4", "Linus")],
  removed: [record("us_rc_2", "Alan")],
  changed: [
    { id: "us_rc_1", fields: ["name"], before: record("us_rc_1", "Ada"), after: record("us_rc_1", "Ada L.") },
  ],
  counts: { added: 1, removed: 1, changed: 1 },
};

describe("diffRows", () => {
  it("lays the server's diff over the snapshot's records, in their order, then the added ones", () => {
    const rows = diffRows(then, diff, { changesOnly: false, complete: true });
    expect(rows.map((row) => [row.id, row.kind])).toEqual([
      ["us_rc_1", "changed"],
      ["us_rc_2", "removed"],
      ["us_rc_3", "same"],
      ["us_rc_4", "added"],
    ]);
    expect(rows[0]?.before?.name?.value).toBe("Ada");
    expect(rows[0]?.values.name?.value).toBe("Ada L.");
  });

  it("holds the added records back until every page of the snapshot is read", () => {
    expect(
      diffRows(then.slice(0, 2), diff, { changesOnly: false, complete: false }).map((row) => row.kind),
    ).toEqual(["changed", "removed"]);
  });

  it("shows only the changes straight from the diff", () => {
    expect(diffRows([], diff, { changesOnly: true, complete: false }).map((row) => row.kind)).toEqual([
      "changed",
      "removed",
      "added",
    ]);
  });
});

describe("texts", () => {
  it("sum the changes up", () => {
    expect(summaryText({ added: 3, removed: 2, changed: 5 })).toBe(
      "3 added, 2 removed, 5 changed since this snapshot.",
    );
    expect(summaryText({ added: 0, removed: 0, changed: 0 })).toBe("No changes since this snapshot.");
  });

  it("say what a restore undoes", () => {
    expect(restoreEffects({ added: 1, removed: 2, changed: 1 })).toEqual([
      "1 record added since is deleted.",
      "2 records removed since come back.",
      "1 changed record gets its old values back.",
    ]);
  });
});
