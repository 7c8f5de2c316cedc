// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { connectedListener, serveListeners } from "../../../testing/listeners";
import { renderWithApi } from "../../../testing/render-with-api";
import { ActionsHarness } from "./action-test-helpers";

const server = useMockServer();
afterEach(cleanup);
beforeAll(() => {
  // Radix measures its controls; jsdom has no ResizeObserver.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const HINT = "No worker is connected for this action; it will wait until one connects";

async function renderActions() {
  const space = await server.admin.spaces.create({ name: "Reports" });
  await server.admin.workbooks.create({
    name: "October",
    spaceId: space.id,
    actions: [
      { operation: "publish", label: "Publish report" },
      { operation: "export", label: "Export Data", primary: true },
    ],
    sheets: [
      { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
    ],
  });
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(<ActionsHarness />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });
  const bar = await screen.findByRole("group", { name: "Actions for October" });
  return { space, bar };
}

describe("an action no connected worker handles", () => {
  it("says so beside the button and in its confirm dialog, and still starts its job", async () => {
    // Only the export has a worker.
    serveListeners(server, [
      connectedListener([{ topics: ["job:ready"], filters: [{ job: "workbook:export" }] }]),
    ]);
    const user = userEvent.setup();
    const { space, bar } = await renderActions();
    const publish = within(bar).getByRole("button", { name: "Publish report" });
    await waitFor(() => expect(publish).toHaveAccessibleDescription(HINT));
    expect(publish).not.toHaveAttribute("aria-disabled");
    expect(publish.querySelector('[data-slot="action-no-worker"]')).not.toBeNull();
    const exportButton = within(bar).getByRole("button", { name: "Export Data" });
    expect(exportButton).not.toHaveAccessibleDescription(HINT);
    expect(exportButton.querySelector('[data-slot="action-no-worker"]')).toBeNull();

    await user.click(publish);
    const dialog = await screen.findByRole("dialog", { name: "Publish report" });
    expect(dialog).toHaveTextContent(`${HINT}.`);
    await user.click(within(dialog).getByRole("button", { name: "Publish report" }));
    await waitFor(async () => {
      const { data } = await server.admin.jobs.list({ spaceId: space.id, type: "workbook" });
      expect(data.map((job) => [job.operation, job.status])).toEqual([["publish", "ready"]]);
    });
  });

  it("gives no hint while every action has a worker", async () => {
    serveListeners(server, [connectedListener()]);
    let listed = false;
    server.msw.events.on("response:mocked", ({ request }) => {
      if (new URL(request.url).pathname === "/v1/listeners") listed = true;
    });
    const { bar } = await renderActions();
    const publish = within(bar).getByRole("button", { name: "Publish report" });
    // Once the list is read and rendered, nothing was added.
    await waitFor(() => expect(listed).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(publish).not.toHaveAccessibleDescription(HINT);
    expect(bar.querySelector('[data-slot="action-no-worker"]')).toBeNull();
  });

  it("says so for every action when no worker is connected at all", async () => {
    const { bar } = await renderActions();
    await waitFor(() =>
      expect(within(bar).getByRole("button", { name: "Export Data" })).toHaveAccessibleDescription(HINT),
    );
  });
});
