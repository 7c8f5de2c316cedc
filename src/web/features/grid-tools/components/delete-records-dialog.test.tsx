// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { useSelectionStore } from "../../sheets";
import { recordJobsOf, renderGridTools, seedContacts } from "./grid-tools-test-helpers";

const server = useMockServer();
afterEach(() => {
  cleanup();
  useSelectionStore.setState({ bySheet: {} });
});

describe("Delete N records", () => {
  it("names the count and the sheet, then deletes select-all with the unticked rows as exceptions", async () => {
    const seeded = await seedContacts(server);
    useSelectionStore.getState().selectAll(seeded.sheet.id, { filter: "all" }, 3);
    renderGridTools(seeded);
    const user = userEvent.setup();
    const bar = await screen.findByRole("group", { name: "Selected records" });
    expect(await within(bar).findByText("All 3 matching selected")).toBeInTheDocument();

    useSelectionStore.getState().setMany(seeded.sheet.id, [seeded.records[1]!.id], false);
    expect(await within(bar).findByText("2 selected")).toBeInTheDocument();
    const button = within(bar).getByRole("button", { name: "Delete 2 records" });
    await user.click(button);
    let dialog = await screen.findByRole("alertdialog", { name: "Delete 2 records from Contacts?" });
    expect(dialog).toHaveAccessibleDescription(/Undo/);
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(button).toHaveFocus();
    expect(await recordJobsOf(server, seeded)).toEqual([]);

    await user.click(button);
    dialog = await screen.findByRole("alertdialog", { name: "Delete 2 records from Contacts?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete 2 records" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).toBeNull());
    expect(await recordJobsOf(server, seeded)).toEqual([
      {
        type: "workbook",
        operation: "delete-records",
        source: seeded.workbook.id,
        config: { sheet: seeded.sheet.id, filter: "all", exceptions: [seeded.records[1]!.id] },
        managed: true,
        mode: "foreground",
        trigger: "immediate",
      },
    ]);
    // The rows are on their way out: the selection is gone.
    expect(useSelectionStore.getState().bySheet[seeded.sheet.id]).toBeUndefined();
    expect(await screen.findByText("Tick rows to delete or edit them together.")).toBeInTheDocument();
  });

  it("keeps the dialog and the selection when the job is refused, and says why", async () => {
    const seeded = await seedContacts(server);
    server.msw.use(
      http.post("*/v1/jobs", () =>
        HttpResponse.json({ errors: [{ message: "Give either ids or a filter" }] }, { status: 400 }),
      ),
    );
    useSelectionStore.getState().setSelected(seeded.sheet.id, new Set([seeded.records[0]!.id]));
    renderGridTools(seeded);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Delete 1 record" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete 1 record from Contacts?" });
    await user.click(within(dialog).getByRole("button", { name: "Delete 1 record" }));
    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Could not start the deletion: Give either ids or a filter",
    );
    expect(useSelectionStore.getState().bySheet[seeded.sheet.id]).toBeDefined();
  });
});
