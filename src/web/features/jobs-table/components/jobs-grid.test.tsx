// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Job } from "../../../lib/api-types";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { JobsGrid, ROW_HEIGHT } from "./jobs-grid";

const server = useMockServer();
afterEach(cleanup);

// jsdom has no layout: the scroller is 800 px high, 20 rows of the table.
const HEIGHT = 800;
beforeAll(() => {
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockReturnValue(HEIGHT);
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(1200);
});
afterAll(() => vi.restoreAllMocks());

const job = (n: number): Job =>
  ({
    id: `us_jb_${String(n).padStart(4, "0")}`,
    type: "workbook",
    operation: "export",
    source: "us_wb_1",
    spaceId: "us_sp_1",
    status: "ready",
    progress: 0,
    mode: "background",
    trigger: "immediate",
    createdAt: new Date(2026, 0, 1).toISOString(),
    updatedAt: new Date(2026, 0, 1).toISOString(),
  }) as unknown as Job;

const rowCount = () => within(screen.getByRole("table", { name: "Jobs" })).getAllByRole("row").length - 1;

describe("JobsGrid", () => {
  it("renders only the rows in view for its first frame, then the rows past them", async () => {
    const token = await server.token({ role: "operator" });
    const noop = () => undefined;
    renderWithApi(
      <JobsGrid
        rows={Array.from({ length: 100 }, (_, n) => job(n))}
        withSpace={false}
        selected={new Set()}
        now={0}
        sort="created"
        direction="desc"
        hasMore={false}
        loadingMore={false}
        onToggle={noop}
        onToggleAll={noop}
        onSort={noop}
        onLoadMore={noop}
      />,
      { token },
    );
    const inView = HEIGHT / ROW_HEIGHT;
    expect(rowCount()).toBe(inView);
    // A frame, then the task after it.
    await act(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 5))));
    expect(rowCount()).toBeGreaterThan(inView);
  });
});
