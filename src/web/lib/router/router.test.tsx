// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { Suspense, use } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createMemoryRouter,
  Link,
  Navigate,
  NavLink,
  Outlet,
  RouterProvider,
  useLocation,
  useNavigate,
  useParams,
  useRouteError,
  useSearchParams,
  useSearchParamsNow,
  type RouteObject,
} from ".";
import { DATA_WAIT_MS } from "./create-router";

afterEach(cleanup);

function Where() {
  const location = useLocation();
  return <output aria-label="Location">{location.pathname + location.search}</output>;
}

function Layout() {
  return (
    <>
      <NavLink to="/">Start</NavLink>
      <NavLink to="/space/s1">Space</NavLink>
      <NavLink to="/space/s1/jobs">Jobs</NavLink>
      <Link to="/space/s1">Overview</Link>
      <Where />
      <Outlet />
    </>
  );
}

function Job() {
  return <h1>Job {useParams().jobId}</h1>;
}

function Failed() {
  return <p role="alert">Failed: {String((useRouteError() as Error).message)}</p>;
}

function Broken(): never {
  throw new Error("page fault");
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const renderAt = (routes: RouteObject[], url: string) => {
  const router = createMemoryRouter(routes, { initialEntries: [url] });
  render(<RouterProvider router={router} />);
  return router;
};

describe("the dashboard's router", () => {
  it("shows the fallback until the first page's lazy route loads, then the page", async () => {
    const load = deferred<() => React.ReactNode>();
    renderAt(
      [
        {
          element: <Layout />,
          hydrateFallbackElement: <p>Loading</p>,
          children: [
            { path: "space/:spaceId/jobs", lazy: { Component: () => load.promise.then((c) => c as never) } },
          ],
        },
      ],
      "/space/s1/jobs",
    );
    expect(screen.getByText("Loading")).toBeInTheDocument();
    await act(async () => load.resolve(() => <h1>Jobs page</h1>));
    expect(await screen.findByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
  });

  it("keeps the current page until the next one's lazy route has loaded", async () => {
    const load = deferred<() => React.ReactNode>();
    const router = renderAt(
      [
        {
          element: <Layout />,
          children: [
            { path: "space/:spaceId", element: <h1>Overview page</h1> },
            { path: "space/:spaceId/jobs", lazy: { Component: () => load.promise.then((c) => c as never) } },
          ],
        },
      ],
      "/space/s1",
    );
    fireEvent.click(screen.getByRole("link", { name: "Jobs" }));
    expect(screen.getByRole("heading", { name: "Overview page" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/space/s1");
    await act(async () => load.resolve(() => <h1>Jobs page</h1>));
    expect(await screen.findByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent("/space/s1/jobs");
  });

  it("starts a route's prefetch as the navigation starts, before its lazy page has loaded, and for the first location", async () => {
    const load = deferred<() => React.ReactNode>();
    const prefetched: unknown[] = [];
    renderAt(
      [
        {
          element: <Layout />,
          children: [
            {
              path: "space/:spaceId",
              element: <h1>Overview page</h1>,
              prefetch: (match) => void prefetched.push(match),
            },
            {
              path: "space/:spaceId/jobs",
              prefetch: (match) => void prefetched.push(match),
              lazy: { Component: () => load.promise.then((c) => c as never) },
            },
          ],
        },
      ],
      "/space/s1?view=all",
    );
    expect(prefetched).toEqual([{ params: { spaceId: "s1" }, search: "?view=all" }]);
    fireEvent.click(screen.getByRole("link", { name: "Jobs" }));
    expect(prefetched).toEqual([
      { params: { spaceId: "s1" }, search: "?view=all" },
      { params: { spaceId: "s1" }, search: "" },
    ]);
    expect(screen.getByRole("heading", { name: "Overview page" })).toBeInTheDocument();
    await act(async () => load.resolve(() => <h1>Jobs page</h1>));
    expect(await screen.findByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
  });

  it("shows a new page once its prefetch has settled, and a change of the search at once", async () => {
    let answer = deferred<void>();
    const prefetched: string[] = [];
    const router = renderAt(
      [
        {
          element: <Layout />,
          children: [
            { path: "space/:spaceId", element: <h1>Overview page</h1> },
            {
              path: "space/:spaceId/jobs",
              element: <h1>Jobs page</h1>,
              prefetch: ({ search }) => {
                prefetched.push(search);
                return answer.promise;
              },
            },
          ],
        },
      ],
      "/space/s1",
    );
    fireEvent.click(screen.getByRole("link", { name: "Jobs" }));
    await act(async () => undefined);
    // The code is there (no lazy route): only the first data holds the page back.
    expect(screen.getByRole("heading", { name: "Overview page" })).toBeInTheDocument();
    await act(async () => answer.resolve());
    expect(screen.getByRole("heading", { name: "Jobs page" })).toBeInTheDocument();

    // The same page with other filters: the URL changes at once, whatever the answer.
    answer = deferred<void>();
    act(() => router.navigate("/space/s1/jobs?status=failed"));
    expect(screen.getByLabelText("Location")).toHaveTextContent("/space/s1/jobs?status=failed");
    expect(prefetched).toEqual(["", "?status=failed"]);
  });

  it("shows a new page after DATA_WAIT_MS when its prefetch has not settled by then, in the page's own loading state", async () => {
    vi.useFakeTimers();
    try {
      renderAt(
        [
          {
            element: <Layout />,
            children: [
              { path: "space/:spaceId", element: <h1>Overview page</h1> },
              {
                path: "space/:spaceId/jobs",
                element: <h1>Jobs page</h1>,
                prefetch: () => new Promise<void>(() => undefined),
              },
            ],
          },
        ],
        "/space/s1",
      );
      fireEvent.click(screen.getByRole("link", { name: "Jobs" }));
      await act(async () => vi.advanceTimersByTimeAsync(DATA_WAIT_MS - 1));
      expect(screen.getByRole("heading", { name: "Overview page" })).toBeInTheDocument();
      await act(async () => vi.advanceTimersByTimeAsync(1));
      expect(screen.getByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it("follows a plain click itself, marks the link of the current page, and leaves modified clicks to the browser", async () => {
    renderAt(
      [
        {
          element: <Layout />,
          children: [
            { path: "space/:spaceId", element: <h1>Overview page</h1> },
            { path: "space/:spaceId/jobs", element: <h1>Jobs page</h1> },
            { path: "space/:spaceId/jobs/:jobId", element: <Job /> },
          ],
        },
      ],
      "/space/s1",
    );
    const jobs = screen.getByRole("link", { name: "Jobs" });
    expect(jobs).toHaveAttribute("href", "/space/s1/jobs");
    expect(jobs).not.toHaveAttribute("aria-current");
    // What the browser would do with each click: jsdom cannot load a page, so the test takes the click from it.
    const prevented: boolean[] = [];
    const record = (event: MouseEvent) => {
      prevented.push(event.defaultPrevented);
      event.preventDefault();
    };
    window.addEventListener("click", record);
    fireEvent.click(jobs, { ctrlKey: true });
    expect(screen.getByLabelText("Location")).toHaveTextContent("/space/s1");
    await act(async () => fireEvent.click(jobs));
    window.removeEventListener("click", record);
    expect(prevented).toEqual([false, true]);
    expect(await screen.findByRole("heading", { name: "Jobs page" })).toBeInTheDocument();
    expect(jobs).toHaveAttribute("aria-current", "page");
    expect(jobs).toHaveClass("active");
    // A link to a page above is active too (the page is within it); the root's only on the root.
    expect(screen.getByRole("link", { name: "Space" })).toHaveAttribute("aria-current", "page");
    expect(screen.getByRole("link", { name: "Start" })).not.toHaveAttribute("aria-current");
  });

  it("shows the nearest error element in place of a page that throws, and clears it on the next navigation", async () => {
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    renderAt(
      [
        {
          element: <Layout />,
          children: [
            { path: "space/:spaceId", element: <h1>Overview page</h1> },
            { path: "space/:spaceId/jobs", element: <Broken />, errorElement: <Failed /> },
          ],
        },
      ],
      "/space/s1/jobs",
    );
    expect(await screen.findByRole("alert")).toHaveTextContent("Failed: page fault");
    // The layout around the failed page stays.
    await act(async () => fireEvent.click(screen.getByRole("link", { name: "Overview" })));
    expect(await screen.findByRole("heading", { name: "Overview page" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
    vi.restoreAllMocks();
  });

  it("writes the query with useSearchParams, navigates, redirects and goes back through the history", async () => {
    function Filters() {
      const [params, setParams] = useSearchParams();
      const navigate = useNavigate();
      return (
        <>
          <p>Status {params.get("status") ?? "any"}</p>
          <button
            onClick={() => setParams((current) => ({ ...Object.fromEntries(current), status: "failed" }))}
          >
            Failed
          </button>
          <button onClick={() => navigate(-1)}>Back</button>
          <button onClick={() => navigate("/old")}>Old</button>
        </>
      );
    }
    const router = renderAt(
      [
        {
          element: <Layout />,
          children: [
            { path: "space/:spaceId/jobs", element: <Filters /> },
            { path: "old", element: <Navigate to="/space/s1/jobs?status=canceled" replace /> },
          ],
        },
      ],
      "/space/s1/jobs?page=2",
    );
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Failed" })));
    expect(screen.getByLabelText("Location")).toHaveTextContent("/space/s1/jobs?page=2&status=failed");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Back" })));
    expect(screen.getByText("Status any")).toBeInTheDocument();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Old" })));
    expect(await screen.findByText("Status canceled")).toBeInTheDocument();
    // The redirect replaced /old, so one step back is where the person came from.
    await act(async () => router.navigate(-1));
    expect(screen.getByLabelText("Location")).toHaveTextContent("/space/s1/jobs?page=2");
  });
  it("shows a control's change of the query at once while the page's render of it waits, and counts two quick ones", async () => {
    const never = new Promise<never>(() => {});
    function Checks() {
      const now = useSearchParamsNow();
      const [, setParams] = useSearchParams();
      const box = (name: string) => (
        <label>
          <input
            type="checkbox"
            checked={now.has(name)}
            onChange={() =>
              setParams((current) => {
                current.set(name, "1");
                return current;
              })
            }
          />
          {name}
        </label>
      );
      return (
        <>
          {box("failed")}
          {box("canceled")}
        </>
      );
    }
    // A page whose render with a filter never finishes (a long table on a slow machine, at its extreme).
    function Table() {
      const [params] = useSearchParams();
      if (params.size > 0) use(never);
      return <p>Every job</p>;
    }
    const router = renderAt(
      [
        {
          element: <Layout />,
          children: [
            {
              path: "space/:spaceId/jobs",
              element: (
                <>
                  <Checks />
                  <Suspense fallback={<p>Loading</p>}>
                    <Table />
                  </Suspense>
                </>
              ),
            },
          ],
        },
      ],
      "/space/s1/jobs",
    );
    await act(async () => fireEvent.click(screen.getByRole("checkbox", { name: "failed" })));
    expect(screen.getByRole("checkbox", { name: "failed" })).toBeChecked();
    await act(async () => fireEvent.click(screen.getByRole("checkbox", { name: "canceled" })));
    expect(screen.getByRole("checkbox", { name: "failed" })).toBeChecked();
    expect(screen.getByRole("checkbox", { name: "canceled" })).toBeChecked();
    // The page still shows what it showed (its transition waits), and the URL has both changes.
    expect(screen.getByText("Every job")).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent(/^\/space\/s1\/jobs$/);
    expect(router.state.location.search).toBe("?failed=1&canceled=1");
  });
});
