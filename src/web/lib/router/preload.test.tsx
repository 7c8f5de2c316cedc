// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryRouter, Link, Outlet, RouterProvider, usePreloadWhenIdle, type RouteObject } from ".";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** A jobs route whose code and first request are counted; `preload` as lazyRoute gives it (app/lazy-route.ts). */
function jobsRoute() {
  const calls = { component: 0, preload: 0, prefetch: [] as unknown[] };
  const route: RouteObject = {
    path: "space/:spaceId/jobs",
    prefetch: (match) => void calls.prefetch.push(match),
    lazy: {
      Component: async () => {
        calls.component++;
        return () => <h1>Jobs page</h1>;
      },
      preload: async () => void calls.preload++,
    },
  };
  return { route, calls };
}

const layout = (children: RouteObject[], element = <Outlet />): RouteObject[] => [{ element, children }];

describe("preloading a route", () => {
  it("fetches the code of the routes at an address without going there, and starts their requests only when asked", async () => {
    const { route, calls } = jobsRoute();
    const router = createMemoryRouter(layout([{ path: "space/:spaceId", element: <p>Overview</p> }, route]), {
      initialEntries: ["/space/s1"],
    });
    await router.preload("/space/s1/jobs");
    expect(calls).toEqual({ component: 0, preload: 1, prefetch: [] });
    expect(router.state.location.pathname).toBe("/space/s1");
    await router.preload("/space/s1/jobs?status=failed", { data: true });
    expect(calls.prefetch).toEqual([{ params: { spaceId: "s1" }, search: "?status=failed" }]);
  });

  it("loads a lazy route without its own preload as a navigation does, and answers a failed preload", async () => {
    const Component = vi.fn(async () => () => <h1>Jobs page</h1>);
    const failing = {
      path: "files",
      lazy: { Component, preload: () => Promise.reject(new Error("offline")) },
    };
    const router = createMemoryRouter(layout([{ path: "jobs", lazy: { Component } }, failing]), {
      initialEntries: ["/other"],
    });
    await router.preload("/jobs");
    expect(Component).toHaveBeenCalledTimes(1);
    await expect(router.preload("/files")).rejects.toThrow("offline");
    expect(Component).toHaveBeenCalledTimes(1);
  });

  it("fetches a link's page as the pointer comes over it or focus reaches it, and its first request as it is pressed", async () => {
    const { route, calls } = jobsRoute();
    const router = createMemoryRouter(
      layout(
        [{ path: "space/:spaceId", element: <p>Overview</p> }, route],
        <>
          <Link to="/space/s1/jobs">Jobs</Link>
          <Link to="/space/s1/jobs" preload={false}>
            Quiet
          </Link>
          <Link to="/space/s1/jobs" target="_blank">
            Elsewhere
          </Link>
          <Outlet />
        </>,
      ),
      { initialEntries: ["/space/s1"] },
    );
    // jsdom has no PointerEvent: without one, a pointerdown would carry no button.
    vi.stubGlobal("PointerEvent", window.PointerEvent ?? MouseEvent);
    render(<RouterProvider router={router} />);
    const link = screen.getByRole("link", { name: "Jobs" });
    fireEvent.pointerEnter(screen.getByRole("link", { name: "Quiet" }));
    fireEvent.pointerDown(screen.getByRole("link", { name: "Elsewhere" }));
    expect(calls.preload).toBe(0);
    fireEvent.pointerEnter(link);
    fireEvent.focus(link);
    expect(calls.preload).toBe(2);
    expect(calls.prefetch).toEqual([]);
    fireEvent.pointerDown(link, { button: 2 });
    fireEvent.pointerDown(link, { button: 0, ctrlKey: true });
    expect(calls.prefetch).toEqual([]);
    fireEvent.pointerDown(link, { button: 0 });
    expect(calls.prefetch).toEqual([{ params: { spaceId: "s1" }, search: "" }]);
    await act(async () => fireEvent.click(link));
    expect(await screen.findByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
  });
});

function LikelyNext({ ready }: { ready: boolean }) {
  usePreloadWhenIdle(["/space/s1/jobs"], ready);
  return <p>Overview</p>;
}

const renderOverview = (ready: boolean) => {
  const { route, calls } = jobsRoute();
  const routes = (isReady: boolean) =>
    layout([{ path: "space/:spaceId", element: <LikelyNext ready={isReady} /> }, route]);
  const router = createMemoryRouter(routes(ready), { initialEntries: ["/space/s1"] });
  const view = render(<RouterProvider router={router} />);
  return { calls, view, router };
};

describe("usePreloadWhenIdle", () => {
  it("fetches the likely next page's code once the browser is idle, and only once ready", async () => {
    vi.useFakeTimers();
    const idle: (() => void)[] = [];
    vi.stubGlobal("requestIdleCallback", (task: () => void) => idle.push(task));
    vi.stubGlobal("cancelIdleCallback", () => undefined);
    const waiting = renderOverview(false);
    expect(idle).toHaveLength(0);
    waiting.view.unmount();

    const { calls } = renderOverview(true);
    expect(calls.preload).toBe(0);
    expect(idle).toHaveLength(1);
    await act(async () => idle[0]?.());
    expect(calls.preload).toBe(1);
  });

  it("fetches nothing ahead when the person saves data", () => {
    const idle: (() => void)[] = [];
    vi.stubGlobal("requestIdleCallback", (task: () => void) => idle.push(task));
    vi.stubGlobal("navigator", { ...navigator, connection: { saveData: true } });
    renderOverview(true);
    expect(idle).toHaveLength(0);
  });
});
