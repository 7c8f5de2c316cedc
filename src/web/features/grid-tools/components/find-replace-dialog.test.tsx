// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { useSelectionStore } from "../../sheets";
import { recordJobsOf, renderGridTools, requestsTo, seedContacts } from "./grid-tools-test-helpers";

const PREVIEW_PATH = /\/v1\/sheets\/[^/]+\/find-replace\/preview$/;

const server = useMockServer();
afterEach(() => {
  cleanup();
  useSelectionStore.setState({ bySheet: {} });
});

describe("the Find and replace dialog", () => {
  it("sends nothing until the field and the text are given, and says what is missing", async () => {
    const seeded = await seedContacts(server);
    const previews = requestsTo(server, "POST", PREVIEW_PATH);
    renderGridTools(seeded);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Find and replace" }));
    const dialog = await screen.findByRole("dialog", { name: "Find and replace" });

    await user.click(within(dialog).getByRole("button", { name: "Replace" }));
    const field = within(dialog).getByRole("combobox", { name: /Field/ });
    expect(field).toHaveAttribute("aria-invalid", "true");
    expect(field).toHaveAccessibleDescription("Choose the field to search in");
    expect(field).toHaveFocus();
    expect(within(dialog).getByRole("textbox", { name: /Find/ })).toHaveAccessibleDescription(
      "Enter the text to find",
    );
    // Read-only fields cannot be replaced in.
    expect(within(field).queryByRole("option", { name: "Id" })).toBeNull();

    await user.selectOptions(field, "Last name");
    await user.click(within(dialog).getByRole("button", { name: "Replace" }));
    expect(within(dialog).getByRole("textbox", { name: /Find/ })).toHaveFocus();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(previews).toEqual([]);
    expect(await recordJobsOf(server, seeded)).toEqual([]);

    await user.keyboard("{Escape}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(screen.getByRole("button", { name: "Find and replace" })).toHaveFocus();
  });

  it("previews the change (whole cell in double quotes), then starts sheet:find-replace with that config", async () => {
    const seeded = await seedContacts(server);
    const previews = requestsTo(server, "POST", PREVIEW_PATH);
    renderGridTools(seeded, { filter: "all", searchValue: "ada" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Find and replace" }));
    const dialog = await screen.findByRole("dialog", { name: "Find and replace" });

    await user.selectOptions(within(dialog).getByRole("combobox", { name: /Field/ }), "Last name");
    await user.type(within(dialog).getByRole("textbox", { name: /Find/ }), "Smith");
    await user.type(within(dialog).getByRole("textbox", { name: "Replace with" }), "Smyth");
    await user.click(within(dialog).getByRole("checkbox", { name: "Match whole cell" }));
    // The records the view shows (a search narrows them) are the scope the toolbar opens with.
    expect(within(dialog).getByRole("radio", { name: /The records shown/ })).toBeChecked();

    // The server's preview: of the records shown, Ada Smith alone.
    const count = await within(dialog).findByText("1 cell in 1 record will change.");
    expect(count).toHaveAttribute("aria-live", "polite");
    const sampleRows = () =>
      within(within(dialog).getByRole("table", { name: "Last name: a few cells before and after" }))
        .getAllByRole("row")
        .map((row) => row.textContent);
    expect(sampleRows()).toEqual(["BeforeAfter", "SmithSmyth"]);
    const config = { fieldKey: "last", find: '"Smith"', replace: "Smyth", filter: "all", searchValue: "ada" };
    // Typing is debounced: the preview is asked for the finished form, not for every key.
    expect(previews.at(-1)).toEqual(config);
    expect(previews.length).toBeLessThan(4);

    await user.click(within(dialog).getByRole("radio", { name: /All records/ }));
    await waitFor(() =>
      expect(previews.at(-1)).toEqual({ fieldKey: "last", find: '"Smith"', replace: "Smyth" }),
    );
    // Both Smiths of the sheet.
    expect(await within(dialog).findByText("2 cells in 2 records will change.")).toBeInTheDocument();
    expect(sampleRows()).toEqual(["BeforeAfter", "SmithSmyth", "SmithSmyth"]);
    await user.click(within(dialog).getByRole("button", { name: "Replace" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(await recordJobsOf(server, seeded)).toEqual([
      {
        type: "sheet",
        operation: "find-replace",
        source: seeded.sheet.id,
        config: { fieldKey: "last", find: '"Smith"', replace: "Smyth" },
        managed: true,
        mode: "foreground",
        trigger: "immediate",
      },
    ]);
  });

  it("offers the selection, whose unticked rows after select-all are left out by ids", async () => {
    const seeded = await seedContacts(server);
    const store = useSelectionStore.getState();
    store.selectAll(seeded.sheet.id, { filter: "valid" }, 3);
    store.setMany(seeded.sheet.id, [seeded.records[2]!.id], false);
    renderGridTools(seeded);
    const user = userEvent.setup();
    const bar = await screen.findByRole("group", { name: "Selected records" });
    await user.click(within(bar).getByRole("button", { name: "Find and replace" }));
    const dialog = await screen.findByRole("dialog", { name: "Find and replace" });
    expect(within(dialog).getByRole("radio", { name: "The selected records (2)" })).toBeChecked();
    await user.selectOptions(within(dialog).getByRole("combobox", { name: /Field/ }), "First name");
    await user.type(within(dialog).getByRole("textbox", { name: /Find/ }), "a{Enter}");
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect((await recordJobsOf(server, seeded)).map((job) => job.config)).toEqual([
      { fieldKey: "first", find: "a", replace: "", filter: "valid", ids: [seeded.records[2]!.id] },
    ]);
  });
});
