// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useLocation } from "../../../lib/router";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ApiClient } from "../../../../sdk";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { useSelectionStore, useSheetSelection } from "../../sheets";
import { SheetPage } from "./sheet-page";

const server = useMockServer();

// jsdom has no layout: give every element a size so the virtualizer renders rows (as TanStack Virtual's tests do),
// and the scrolling calls it makes.
const sizes = {
  clientHeight: 600,
  clientWidth: 1200,
  offsetHeight: 600,
  offsetWidth: 1200,
} as const;
const saved = new Map<string, PropertyDescriptor | undefined>();
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) {
    saved.set(key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key));
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
  Element.prototype.scrollTo ??= function () {};
  Element.prototype.scrollIntoView ??= function () {};
});
afterAll(() => {
  for (const [key, descriptor] of saved) {
    if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
  }
});
afterEach(() => {
  cleanup();
  useSelectionStore.setState({ bySheet: {} });
});

const PEOPLE = [
  { name: "Ada", age: 36, active: true, status: "new" },
  { name: "Alan", age: 41, active: false, status: "contacted" },
  { name: "Grace", age: 85, active: true, status: "new" },
  { name: "", age: 20, active: false, status: "new" },
  { name: "Edsger", age: 72, active: true, status: "customer" },
];

async function seed(admin: ApiClient) {
  const space = await admin.spaces.create({ name: "Sheet tests" });
  const workbook = await admin.workbooks.create({
    name: "People",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "name", type: "string", label: "Name", constraints: [{ type: "required" }] },
          { key: "age", type: "number", label: "Age" },
          { key: "active", type: "boolean", label: "Active" },
          {
            key: "status",
            type: "enum",
            label: "Status",
            config: {
              options: [
                { value: "new", label: "New" },
                { value: "contacted", label: "Contacted" },
                { value: "customer", label: "Customer" },
              ],
            },
          },
        ],
      },
    ],
  });
  const sheet = workbook.sheets[0]!;
  const { records } = await admin.records.insert(
    sheet.id,
    PEOPLE.map((person) => ({
      name: { value: person.name || null },
      age: { value: person.age },
      active: { value: person.active },
      status: { value: person.status },
    })),
  );
  const token = await server.token({ role: "user", spaceId: space.id });
  return { space, workbook, sheet, records, token };
}

/** Shows what the action buttons get from the selection, and the URL's query. */
function Probe({ sheetId }: { sheetId: string }) {
  const selection = useSheetSelection(sheetId);
  const location = useLocation();
  return (
    <>
      <output data-testid="selection">{JSON.stringify(selection)}</output>
      <output data-testid="search">{location.search}</output>
    </>
  );
}

async function open(seeded: Awaited<ReturnType<typeof seed>>, query = "", shows = "Edsger") {
  const { space, workbook, sheet, token } = seeded;
  renderWithApi(
    <>
      <SheetPage />
      <Probe sheetId={sheet.id} />
    </>,
    {
      token,
      path: "/space/:spaceId/workbook/:workbookId/sheet/:sheetId",
      url: `/space/${space.id}/workbook/${workbook.id}/sheet/${sheet.id}${query}`,
    },
  );
  const grid = await screen.findByRole("grid", { name: "Records" });
  await within(grid).findByText(shows);
  return grid;
}

const selection = () =>
  JSON.parse(screen.getByTestId("selection").textContent ?? "{}") as {
    count: number;
    subject?: { query: Record<string, unknown>; params: Record<string, unknown> };
  };
const rowOf = (grid: HTMLElement, index: number) =>
  within(grid).getByRole("checkbox", { name: `Select row ${index + 1}` });
const cellText = (grid: HTMLElement, row: number, col: number) =>
  grid.querySelector(`[data-row="${row}"][data-col="${col}"]`)?.textContent ?? "";

describe("SheetPage", () => {
  it("shows the sheet's counts and marks invalid cells with the server's message", async () => {
    const grid = await open(await seed(server.admin));
    expect(screen.getByText(/Showing 5 of 5 records/)).toBeInTheDocument();
    expect(grid).toHaveAttribute("aria-rowcount", "6");
    const invalid = grid.querySelector('[data-slot="record-cell"][data-invalid]');
    expect(invalid).toHaveAccessibleDescription("Name is required");
    expect(invalid).not.toHaveAttribute("title");
    // Keyboard focus shows the messages beside the cell at once.
    act(() => (invalid as HTMLElement).focus());
    expect(screen.getByRole("tooltip", { hidden: true })).toHaveTextContent("Name is required");
    // An enum shows its option's label.
    expect(cellText(grid, 1, 4)).toBe("Contacted");
  });

  it("selects one row, a Shift+click range, and all matching records with exceptions", async () => {
    const seeded = await seed(server.admin);
    const grid = await open(seeded);
    const ids = seeded.records.map((record) => record.id);
    const user = userEvent.setup();

    await user.click(rowOf(grid, 0));
    expect(selection()).toMatchObject({ count: 1, subject: { query: { ids: [ids[0]] } } });
    await user.keyboard("{Shift>}");
    await user.click(rowOf(grid, 2));
    await user.keyboard("{/Shift}");
    await waitFor(() => expect(selection().count).toBe(3));
    expect(selection().subject?.query.ids).toEqual(ids.slice(0, 3));
    expect(rowOf(grid, 1).closest('[role="row"]')).toHaveAttribute("aria-selected", "true");
    expect(screen.getByText(/3 selected/)).toBeInTheDocument();

    // The header checkbox clears a partial selection, then selects every matching record.
    const all = within(grid).getByRole("checkbox", { name: "Select all matching records" });
    await user.click(all);
    expect(selection()).toEqual({ count: 0 });
    await user.click(all);
    expect(all).toBeChecked();
    expect(selection()).toEqual({
      count: 5,
      subject: {
        type: "collection",
        resource: "records",
        params: { sheetId: seeded.sheet.id },
        query: { filter: "all" },
      },
    });
    await user.click(rowOf(grid, 1));
    await user.click(rowOf(grid, 3));
    expect(all).toHaveProperty("indeterminate", true);
    expect(selection()).toMatchObject({
      count: 3,
      subject: { query: { filter: "all", exceptions: [ids[1], ids[3]] } },
    });
    expect(selection().subject?.query).not.toHaveProperty("ids");

    // The server counts the same selection (the job's hasSelection constraint).
    await user.click(screen.getByRole("button", { name: "Clear selection" }));
    expect(selection()).toEqual({ count: 0 });
  });

  it("select all follows the search: the subject carries it and the count is the matches'", async () => {
    const seeded = await seed(server.admin);
    const grid = await open(seeded, "?q=al&filter=valid", "Alan");
    expect(within(grid).queryByText("Edsger")).not.toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(within(grid).getByRole("checkbox", { name: "Select all matching records" }));
    // "al" matches Alan and the one without a name (their active cell is "false"); that one is not valid.
    expect(selection()).toMatchObject({
      count: 1,
      subject: { query: { filter: "valid", searchValue: "al" } },
    });
  });

  it("edits a cell with the keyboard: Enter saves through the API, Escape cancels", async () => {
    const seeded = await seed(server.admin);
    const grid = await open(seeded);
    const user = userEvent.setup();
    const nameOfAda = grid.querySelector<HTMLElement>('[data-row="0"][data-col="1"]')!;
    act(() => nameOfAda.focus());
    await user.keyboard("{ArrowDown}{ArrowRight}");
    expect(document.activeElement).toBe(grid.querySelector('[data-row="1"][data-col="2"]'));

    // Enter edits Alan's age; Enter saves the new value.
    await user.keyboard("{Enter}");
    const editor = within(grid).getByRole("textbox", { name: "Age, row 2" });
    await user.clear(editor);
    await user.type(editor, "42{Enter}");
    expect(cellText(grid, 1, 2)).toBe("42");
    await waitFor(async () => {
      const { records } = await server.admin.records.get(seeded.sheet.id, { ids: [seeded.records[1]!.id] });
      expect(records[0]?.values.age?.value).toBe(42);
    });
    expect(document.activeElement).toBe(grid.querySelector('[data-row="1"][data-col="2"]'));

    // F2 edits, Escape cancels: nothing is sent.
    await user.keyboard("{F2}");
    await user.clear(within(grid).getByRole("textbox", { name: "Age, row 2" }));
    await user.keyboard("99{Escape}");
    expect(within(grid).queryByRole("textbox")).not.toBeInTheDocument();
    expect(cellText(grid, 1, 2)).toBe("42");

    // A value of the wrong type is saved as typed, and the cell shows the server's message.
    await user.dblClick(grid.querySelector('[data-row="0"][data-col="2"]')!);
    await user.clear(within(grid).getByRole("textbox", { name: "Age, row 1" }));
    await user.type(within(grid).getByRole("textbox", { name: "Age, row 1" }), "old{Enter}");
    await waitFor(() =>
      expect(grid.querySelector('[data-row="0"][data-col="2"]')).toHaveAccessibleDescription(
        "Age must be a number",
      ),
    );
    expect(grid.querySelector('[data-row="0"][data-col="2"] .grid-cell-value')).toHaveTextContent(/^old$/);

    // An enum is edited with a select of the options' labels.
    act(() => grid.querySelector<HTMLElement>('[data-row="0"][data-col="4"]')!.focus());
    await user.keyboard("{Enter}");
    await user.selectOptions(within(grid).getByRole("combobox", { name: "Status, row 1" }), "Customer");
    await user.keyboard("{Enter}");
    await waitFor(async () => {
      const { records } = await server.admin.records.get(seeded.sheet.id, { ids: [seeded.records[0]!.id] });
      expect(records[0]?.values.status?.value).toBe("customer");
    });
    expect(cellText(grid, 0, 4)).toBe("Customer");
  });

  it("rolls a failed save back and says why", async () => {
    const seeded = await seed(server.admin);
    const grid = await open(seeded);
    await server.admin.records.delete(seeded.sheet.id, [seeded.records[0]!.id]);
    const user = userEvent.setup();
    await user.dblClick(grid.querySelector('[data-row="0"][data-col="1"]')!);
    await user.type(within(grid).getByRole("textbox", { name: "Name, row 1" }), "x{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(/Could not save Name in row 1/);
    expect(cellText(grid, 0, 1)).toBe("Ada");
  });

  it("passes the search (debounced) and the sort from the column menu to the API, and keeps them in the URL", async () => {
    const seeded = await seed(server.admin);
    const grid = await open(seeded);
    const user = userEvent.setup();

    await user.type(screen.getByRole("searchbox", { name: "Search records" }), "gra");
    await waitFor(() => expect(screen.getByTestId("search")).toHaveTextContent("?q=gra"));
    await waitFor(() => expect(within(grid).queryByText("Ada")).not.toBeInTheDocument());
    expect(within(grid).getByText("Grace")).toBeInTheDocument();
    expect(screen.getByText(/Showing 1 of 5 records matching “gra”/)).toBeInTheDocument();
    await user.clear(screen.getByRole("searchbox", { name: "Search records" }));
    await within(grid).findByText("Ada");

    const ageHeader = within(grid).getByRole("button", { name: "Age" });
    act(() => ageHeader.focus());
    await user.keyboard("{Enter}");
    await user.click(await screen.findByRole("menuitem", { name: "Sort descending" }));
    await waitFor(() => expect(screen.getByTestId("search")).toHaveTextContent("?sort=age&dir=desc"));
    await waitFor(() => expect(cellText(grid, 0, 1)).toBe("Grace"));
    expect([0, 1, 2, 3, 4].map((row) => cellText(grid, row, 2))).toEqual(["85", "72", "41", "36", "20"]);
    expect(ageHeader.closest('[role="columnheader"]')).toHaveAttribute("aria-sort", "descending");

    act(() => ageHeader.focus());
    await user.keyboard("{Enter}");
    await user.click(await screen.findByRole("menuitem", { name: "Clear sort" }));
    await waitFor(() => expect(cellText(grid, 0, 1)).toBe("Ada"));
    expect(screen.getByTestId("search")).toHaveTextContent(/^$/);
  });

  it("locks the toolbar and the column menus during a toolbarBlocking job, while cells stay editable", async () => {
    const seeded = await seed(server.admin);
    const job = await server.admin.jobs.create({
      type: "workbook",
      operation: "validate-all",
      source: seeded.workbook.id,
      trigger: "immediate",
      mode: "toolbarBlocking",
    });
    await server.admin.jobs.ack(job.id, { info: "Checking", progress: 40 });
    const grid = await open(seeded);

    const progress = await screen.findByText(/Validate all \(workbook\) 40%/);
    expect(progress.closest("[aria-live]")).toHaveAttribute("aria-live", "polite");
    expect(screen.getByRole("searchbox", { name: "Search records" })).toBeDisabled();
    for (const radio of screen.getAllByRole("radio")) expect(radio).toBeDisabled();
    const ageHeader = within(grid).getByRole("button", { name: "Age" });
    expect(ageHeader).toHaveAttribute("aria-disabled", "true");
    fireEvent.keyDown(ageHeader, { key: "Enter" });
    expect(screen.queryByRole("menu")).not.toBeInTheDocument();

    const user = userEvent.setup();
    await user.dblClick(grid.querySelector('[data-row="2"][data-col="1"]')!);
    const editor = within(grid).getByRole("textbox", { name: "Name, row 3" });
    await user.clear(editor);
    await user.type(editor, "Grace Hopper{Enter}");
    await waitFor(async () => {
      const { records } = await server.admin.records.get(seeded.sheet.id, { ids: [seeded.records[2]!.id] });
      expect(records[0]?.values.name?.value).toBe("Grace Hopper");
    });
    expect(cellText(grid, 2, 1)).toBe("Grace Hopper");
  });
});
