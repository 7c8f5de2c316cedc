import { describe, expect, it } from "vitest";
import { matchPath, matchRoutes, type RouteObject } from "./match-routes";

const page = (name: string) => ({ element: name });
const routes: RouteObject[] = [
  {
    element: "layout",
    children: [
      { index: true, ...page("home") },
      {
        path: "space/:spaceId",
        element: "space",
        children: [
          { index: true, ...page("overview") },
          { path: "jobs", ...page("jobs") },
          { path: "jobs/:jobId", ...page("job") },
          { path: "sheets/:sheetId", ...page("sheet") },
          { path: "sheets/:sheetId/snapshots", ...page("snapshots") },
        ],
      },
      { path: "*", ...page("fallback") },
      { path: "jobs", ...page("all jobs") },
    ],
  },
];

const shown = (pathname: string) =>
  matchRoutes(routes, pathname)?.map(({ route }) => route.element as string);

describe("matchRoutes", () => {
  it("walks layout routes down to the index or the page the path names", () => {
    expect(shown("/")).toEqual(["layout", "home"]);
    expect(shown("/space/s1")).toEqual(["layout", "space", "overview"]);
    expect(shown("/space/s1/")).toEqual(["layout", "space", "overview"]);
    expect(shown("/space/s1/jobs/j1")).toEqual(["layout", "space", "job"]);
    expect(shown("/space/s1/sheets/h1/snapshots")).toEqual(["layout", "space", "snapshots"]);
  });

  it("prefers a static segment over the catch-all whatever their order, and falls back to it", () => {
    expect(shown("/jobs")).toEqual(["layout", "all jobs"]);
    expect(shown("/nowhere/at/all")).toEqual(["layout", "fallback"]);
    expect(shown("/space/s1/unknown")).toEqual(["layout", "fallback"]);
  });

  it("gives every route the whole match's parameters, decoded", () => {
    const matches = matchRoutes(routes, "/space/a%20b/jobs/j%2F1") ?? [];
    expect(matches.map(({ params }) => params)).toEqual([
      { spaceId: "a b", jobId: "j/1" },
      { spaceId: "a b", jobId: "j/1" },
      { spaceId: "a b", jobId: "j/1" },
    ]);
  });

  it("answers undefined when nothing matches", () => {
    expect(matchRoutes([{ path: "a", element: "a" }], "/b")).toBeUndefined();
  });
});

describe("matchPath", () => {
  it("reads a pattern's parameters, a final * taking the rest", () => {
    expect(matchPath("/space/:spaceId/*", "/space/s1/jobs/j1")).toEqual({
      params: { spaceId: "s1", "*": "jobs/j1" },
    });
    expect(matchPath("/space/:spaceId/*", "/space/s1")).toEqual({ params: { spaceId: "s1", "*": "" } });
    expect(matchPath("/space/:spaceId/*", "/jobs")).toBeUndefined();
    expect(matchPath("/space/:spaceId", "/space/s1/jobs")).toBeUndefined();
  });
});
