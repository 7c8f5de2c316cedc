// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { useSelectionStore } from "../../sheets";
import { recordJobsOf, renderGridTools, requestsTo, seedContacts } from "./grid-tools-test-helpers";

const server = useMockServer();
afterEach(() => {
  cleanup();
  useSelectionStore.setState({ bySheet: {} });
});

describe("the Bulk edit dialog", () => {
  it("asks for the field, and for the value to set, before anything is sent", async () => {
    const seeded = await seedContacts(server);
    const previews = requestsTo(server, "POST", /\/v1\/jobs\/preview-mutation$/);
    renderGridTools(seeded);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Bulk edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Bulk edit" });
    expect(within(dialog).getByRole("radio", { name: "All records (3)" })).toBeChecked();

    await user.click(within(dialog).getByRole("button", { name: "Apply to 3 records" }));
    expect(within(dialog).getByRole("combobox", { name: /Field/ })).toHaveAccessibleDescription(
      "Choose the field to edit",
    );
    await user.selectOptions(within(dialog).getByRole("combobox", { name: /Field/ }), "First name");
    await user.click(within(dialog).getByRole("button", { name: "Apply to 3 records" }));
    const value = within(dialog).getByRole("textbox", { name: "Value" });
    expect(value).toHaveFocus();
    expect(value).toHaveAccessibleDescription("Enter the value to set, or choose Clear");

    // Another change needs no value: the box stays in place, disabled.
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Change" }), "Clear");
    expect(value).toBeDisabled();
    // The server's preview of the complete form: every first name emptied.
    await within(dialog).findByText("The first 3 records it changes:");
    expect(
      within(dialog)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual(["BeforeAfter", "Ada(empty)", "Alan(empty)", "Grace(empty)"]);
    expect(previews).toEqual([
      { sheetId: seeded.sheet.id, bulkEdit: { fieldKey: "first", op: "clear" }, filter: "all" },
    ]);
    expect(await recordJobsOf(server, seeded)).toEqual([]);
  });

  it("shows the first records before and after, then starts sheet:mutate-records for the selection", async () => {
    const seeded = await seedContacts(server);
    const [ada, alan] = seeded.records;
    const previews = requestsTo(server, "POST", /\/v1\/jobs\/preview-mutation$/);
    useSelectionStore.getState().setSelected(seeded.sheet.id, new Set([ada!.id, alan!.id]));
    renderGridTools(seeded);
    const user = userEvent.setup();
    const bar = await screen.findByRole("group", { name: "Selected records" });
    expect(within(bar).getByText("2 selected")).toBeInTheDocument();
    await user.click(within(bar).getByRole("button", { name: "Bulk edit" }));
    const dialog = await screen.findByRole("dialog", { name: "Bulk edit" });
    expect(within(dialog).getByRole("radio", { name: "The selected records (2)" })).toBeChecked();

    await user.selectOptions(within(dialog).getByRole("combobox", { name: /Field/ }), "First name");
    await user.selectOptions(within(dialog).getByRole("combobox", { name: "Change" }), "UPPERCASE");
    expect(await within(dialog).findByText("The first 2 records it changes:")).toHaveAttribute(
      "aria-live",
      "polite",
    );
    const table = within(dialog).getByRole("table", {
      name: "First name: the first records before and after",
    });
    expect(
      within(table)
        .getAllByRole("row")
        .map((row) => row.textContent),
    ).toEqual(["BeforeAfter", "AdaADA", "AlanALAN"]);
    const config = {
      sheetId: seeded.sheet.id,
      bulkEdit: { fieldKey: "first", op: "uppercase" },
      ids: [ada!.id, alan!.id],
    };
    expect(previews.at(-1)).toEqual(config);

    await user.click(within(dialog).getByRole("button", { name: "Apply to 2 records" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await recordJobsOf(server, seeded)).toEqual([
      {
        type: "sheet",
        operation: "mutate-records",
        source: seeded.sheet.id,
        config,
        managed: true,
        mode: "foreground",
        trigger: "immediate",
      },
    ]);
  });
});
