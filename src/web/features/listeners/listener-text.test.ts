import { describe, expect, it } from "vitest";
import { handledText } from "./listener-text";

describe("handledText", () => {
  it("names the jobs a listener handles as people read them, once each", () => {
    expect(
      handledText([
        { topics: ["job:ready"], filters: [{ job: "workbook:export" }] },
        { topics: ["job:*"], filters: [{ job: ["sheet:dedupe-contacts", "workbook:export"] }] },
        { topics: ["job:ready"], filters: [{ job: "workbook:*" }] },
      ]),
    ).toEqual(["Export (workbook)", "Dedupe contacts (sheet)", "workbook:*"]);
  });

  it("says every job for job:ready without a job filter, and names other topics as events", () => {
    expect(handledText([{ topics: ["**"] }, { topics: ["space:created"] }])).toEqual([
      "Every job",
      "space:created events",
    ]);
  });
});
