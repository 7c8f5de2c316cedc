import { describe, expect, it } from "vitest";
import { isJobHandled, listenersHandling, type HandlingListener } from "./listeners-handling";

const exporter: HandlingListener = {
  handles: [{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }],
};
const everything: HandlingListener = { handles: [{ topics: ["**"] }] };
const spaceScoped: HandlingListener = {
  handles: [{ topics: ["job:*"], filters: [{ spaceId: "us_sp_1" }, { operation: "submit*" }] }],
};
const onlyCreated: HandlingListener = { handles: [{ topics: ["*:created"] }] };

describe("listenersHandling", () => {
  it("finds the listeners whose registration receives the job's ready event", () => {
    const listeners = [exporter, everything, spaceScoped, onlyCreated];
    expect(listenersHandling("workbook:export", listeners)).toEqual([exporter, everything]);
    expect(
      listenersHandling({ type: "workbook", operation: "submitAll", spaceId: "us_sp_1" }, listeners),
    ).toEqual([everything, spaceScoped]);
    expect(
      listenersHandling({ type: "workbook", operation: "submitAll", spaceId: "us_sp_2" }, listeners),
    ).toEqual([everything]);
  });

  it("reads the context a job's events carry: the workbook of a workbook job, the sheet of a sheet job", () => {
    const sheetOnly: HandlingListener = {
      handles: [{ topics: ["job:ready"], filters: [{ sheetId: "us_sh_1" }] }],
    };
    expect(
      listenersHandling({ type: "sheet", operation: "dedupe", source: "us_sh_1" }, [sheetOnly]),
    ).toHaveLength(1);
    expect(
      listenersHandling({ type: "workbook", operation: "dedupe", source: "us_sh_1" }, [sheetOnly]),
    ).toEqual([]);
  });

  it("leaves out disconnected listeners", () => {
    expect(listenersHandling("workbook:export", [{ ...exporter, status: "disconnected" }])).toEqual([]);
  });
});

describe("isJobHandled", () => {
  it("is false until a listener that handles the job connects, and true once it has", () => {
    const listeners: HandlingListener[] = [onlyCreated];
    expect(isJobHandled("workbook:export", listeners)).toBe(false);
    listeners.push(exporter);
    expect(isJobHandled("workbook:export", listeners)).toBe(true);
    expect(isJobHandled("workbook:export", [{ ...exporter, status: "disconnected" }])).toBe(false);
  });

  it("counts a managed job as handled: the platform's worker runs it", () => {
    expect(isJobHandled({ type: "file", operation: "extract", managed: true }, [])).toBe(true);
  });
});
