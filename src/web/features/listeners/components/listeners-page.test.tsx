// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { connectedListener, serveListeners } from "../../../testing/listeners";
import { renderWithApi } from "../../../testing/render-with-api";
import { ListenersPage } from "./listeners-page";

const server = useMockServer();
afterEach(cleanup);

async function renderPage() {
  const token = await server.token({ role: "operator" });
  renderWithApi(<ListenersPage />, { token, path: "/listeners", url: "/listeners" });
}

describe("ListenersPage", () => {
  it("lists the connected listeners with what they handle, and the recently disconnected ones below", async () => {
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    serveListeners(server, [
      connectedListener(
        [
          { topics: ["job:ready"], filters: [{ job: ["workbook:export", "sheet:dedupe-contacts"] }] },
          { topics: ["space:created"] },
        ],
        {
          id: "lst_demo",
          name: "demo-listener",
          version: "2.1.0",
          host: "worker-7",
          connectedAt: minuteAgo,
          jobsInFlight: 2,
          jobsHandled: 1204,
        },
      ),
      connectedListener([{ topics: ["**"] }], {
        id: "lst_old",
        name: "old-worker",
        status: "disconnected",
        disconnectedAt: minuteAgo,
      }),
    ]);
    await renderPage();

    const connected = await screen.findByRole("table", { name: "Connected listeners" });
    const [row, ...others] = within(connected).getAllByRole("row").slice(1);
    expect(others).toEqual([]);
    const cells = within(row!)
      .getAllByRole("cell")
      .map((cell) => cell.textContent);
    expect(within(row!).getByRole("rowheader")).toHaveTextContent("demo-listener");
    expect(cells).toEqual([
      "2.1.0",
      "worker-7",
      "1 min ago",
      "just now",
      "2",
      "1,204",
      "Export (workbook)Dedupe contacts (sheet)space:created events",
    ]);
    expect(screen.getByText("1 connected")).toBeInTheDocument();

    const gone = screen.getByRole("table", { name: "Listeners disconnected in the last minutes" });
    expect(within(gone).getByRole("rowheader")).toHaveTextContent("old-worker");
    expect(within(gone).getByRole("columnheader", { name: "Disconnected" })).toBeInTheDocument();
    expect(within(gone).getByText("Every job")).toBeInTheDocument();
  });

  it("says how to start a listener when none is connected", async () => {
    await renderPage();
    const empty = await screen.findByText("No listener is connected.");
    expect(empty.closest('[data-slot="listeners-empty"]')).toHaveTextContent("npm start");
    expect(screen.queryByRole("table")).toBeNull();
  });
});
