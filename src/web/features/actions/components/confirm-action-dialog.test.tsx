// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { ActionsHarness } from "./action-test-helpers";

const server = useMockServer();
afterEach(cleanup);
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

describe("an action that asks for confirmation", () => {
  it("creates its job only when confirmed, in the action's mode", async () => {
    const user = userEvent.setup();
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Reports" });
    const workbook = await admin.workbooks.create({
      name: "October",
      spaceId: space.id,
      actions: [
        { operation: "sync", label: "Sync", confirm: false },
        {
          operation: "export",
          label: "Export Data",
          description: "Export every contact to a CSV file.",
          mode: "foreground",
          primary: true,
        },
      ],
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
      ],
    });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<ActionsHarness />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });
    const jobs = async () => (await admin.jobs.list({ spaceId: space.id, type: "workbook" })).data;

    // The primary action is the last (rightmost) button.
    const group = await screen.findByRole("group", { name: "Actions for October" });
    const buttons = within(group).getAllByRole("button");
    expect(buttons.map((button) => button.textContent)).toEqual(["Sync", "Export Data"]);

    const trigger = within(group).getByRole("button", { name: "Export Data" });
    await user.click(trigger);
    let dialog = await screen.findByRole("dialog", { name: "Export Data" });
    expect(dialog).toHaveAccessibleDescription("Export every contact to a CSV file.");
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
    expect(await jobs()).toEqual([]);

    await user.click(trigger);
    dialog = await screen.findByRole("dialog", { name: "Export Data" });
    await user.click(within(dialog).getByRole("button", { name: "Export Data" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    const created = await jobs();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      operation: "export",
      source: workbook.id,
      mode: "foreground",
      trigger: "immediate",
    });

    // The running export locks the workbook's other actions; once it ends, an action with `confirm: false` runs at once.
    const sync = within(group).getByRole("button", { name: "Sync" });
    await waitFor(() => expect(sync).toHaveAttribute("aria-disabled", "true"));
    await admin.jobs.complete(created[0]!.id, {});
    await user.click(screen.getByRole("button", { name: "Reload" }));
    await waitFor(() => expect(sync).not.toHaveAttribute("aria-disabled"));
    await user.click(sync);
    await waitFor(async () => expect(await jobs()).toHaveLength(2));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
  });
});
