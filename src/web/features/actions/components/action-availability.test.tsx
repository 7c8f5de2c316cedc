// @vitest-environment jsdom
import { act, cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { connectedListener, serveListeners } from "../../../testing/listeners";
import { useBackgroundedStore } from "../../jobs";
import { useSelectionStore } from "../../sheets";
import { ActionsHarness } from "./action-test-helpers";

const server = useMockServer();
// A worker runs every action here: these tests are about other reasons (action-button.test.tsx has the no-worker hint).
beforeEach(() => serveListeners(server, [connectedListener()]));
afterEach(cleanup);
beforeAll(() => {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const fields = [
  { key: "name", type: "string" as const, label: "Name", constraints: [{ type: "required" as const }] },
];

/** A space whose workbook and sheet carry `workbookActions` and `sheetActions`, opened as an end user. */
async function open(
  workbookActions: Parameters<typeof server.admin.workbooks.create>[0]["actions"],
  sheetActions: NonNullable<
    Parameters<typeof server.admin.workbooks.create>[0]["sheets"]
  >[number]["actions"] = [],
) {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Reports" });
  const workbook = await admin.workbooks.create({
    name: "October",
    spaceId: space.id,
    actions: workbookActions,
    sheets: [{ name: "Contacts", slug: "contacts", fields, actions: sheetActions }],
  });
  const token = await server.token({ role: "user", spaceId: space.id });
  renderWithApi(<ActionsHarness />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });
  return { space, workbook, sheet: workbook.sheets[0]! };
}

const reload = async (user: ReturnType<typeof userEvent.setup>) =>
  user.click(screen.getByRole("button", { name: "Reload" }));

describe("an action that cannot run says why", () => {
  it("hasData: disabled until the sheets have records", async () => {
    const user = userEvent.setup();
    const { space, sheet } = await open([
      {
        operation: "validate-all",
        label: "Validate all",
        confirm: false,
        constraints: [{ type: "hasData" }],
      },
    ]);
    const button = await screen.findByRole("button", { name: "Validate all" });
    await waitFor(() => expect(button).toHaveAttribute("aria-disabled", "true"));
    expect(button).toHaveAccessibleDescription("There are no records yet");

    // A click on a disabled action does nothing.
    await user.click(button);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect((await server.admin.jobs.list({ spaceId: space.id, type: "workbook" })).data).toEqual([]);

    await server.admin.records.insert(sheet.id, [{ name: { value: "Ada" } }]);
    await reload(user);
    await waitFor(() => expect(button).not.toHaveAttribute("aria-disabled"));
    expect(button).not.toHaveAccessibleDescription(/no records/);
    await user.click(button);
    await waitFor(async () =>
      expect((await server.admin.jobs.list({ spaceId: space.id, type: "workbook" })).data).toHaveLength(1),
    );
  });

  it("hasAllValid: disabled while a record has an error, with the count", async () => {
    const user = userEvent.setup();
    const { sheet } = await open([
      { operation: "export", label: "Export", primary: true, constraints: [{ type: "hasAllValid" }] },
    ]);
    await server.admin.records.insert(sheet.id, [{ name: { value: "Ada" } }, { name: { value: "" } }]);
    await reload(user);
    const button = await screen.findByRole("button", { name: "Export" });
    await waitFor(() => expect(button).toHaveAccessibleDescription("Fix the 1 record with errors first"));
    expect(button).toHaveAttribute("aria-disabled", "true");

    const { records } = await server.admin.records.get(sheet.id, { filter: "error" });
    await server.admin.records.update(sheet.id, [
      { id: records[0]!.id, values: { name: { value: "Alan" } } },
    ]);
    await reload(user);
    await waitFor(() => expect(button).not.toHaveAttribute("aria-disabled"));
  });

  it("hasSelection: a sheet action waits for selected records and sends them as the subject", async () => {
    const user = userEvent.setup();
    const { space, sheet } = await open(
      [],
      [
        {
          operation: "mark-contacted",
          label: "Mark as contacted",
          primary: true,
          confirm: false,
          constraints: [{ type: "hasSelection" }],
        },
      ],
    );
    const button = await screen.findByRole("button", { name: "Mark as contacted" });
    expect(button).toHaveAttribute("aria-disabled", "true");
    expect(button).toHaveAccessibleDescription("Select at least one record first");

    const [record] = await server.admin.records
      .insert(sheet.id, [{ name: { value: "Ada" } }])
      .then((r) => r.records);
    act(() => useSelectionStore.getState().setSelected(sheet.id, new Set([record!.id])));
    expect(button).not.toHaveAttribute("aria-disabled");
    await user.click(button);
    await waitFor(async () => {
      const { data } = await server.admin.jobs.list({ spaceId: space.id, type: "sheet" });
      expect(data[0]).toMatchObject({
        operation: "mark-contacted",
        source: sheet.id,
        subject: { type: "collection", resource: "records", query: { ids: [record!.id] } },
      });
    });
    act(() => useSelectionStore.getState().clear(sheet.id));
  });

  it("an error message disables the action with its words; info messages describe it", async () => {
    await open([
      {
        operation: "sync",
        label: "Sync to CRM",
        messages: [
          { type: "info", content: "Runs nightly too" },
          { type: "error", content: "Connect the CRM first" },
        ],
      },
      { operation: "publish", label: "Publish", messages: [{ type: "info", content: "Goes public" }] },
    ]);
    const sync = await screen.findByRole("button", { name: "Sync to CRM" });
    expect(sync).toHaveAttribute("aria-disabled", "true");
    expect(sync).toHaveAccessibleDescription("Connect the CRM first. Runs nightly too");
    const publish = screen.getByRole("button", { name: "Publish" });
    expect(publish).not.toHaveAttribute("aria-disabled");
    expect(publish).toHaveAccessibleDescription("Goes public");
  });

  it("a toolbarBlocking job of the workbook disables every workbook and sheet action until it ends", async () => {
    const user = userEvent.setup();
    const { workbook } = await open(
      [
        { operation: "validate-all", label: "Validate all", mode: "toolbarBlocking", confirm: false },
        { operation: "publish", label: "Publish" },
      ],
      [{ operation: "snapshot", label: "Take snapshot", confirm: false }],
    );
    await screen.findByRole("button", { name: "Publish" });
    const job = await server.admin.jobs.create({
      type: "workbook",
      operation: "validate-all",
      source: workbook.id,
      trigger: "immediate",
      mode: "toolbarBlocking",
    });
    await reload(user);
    const publish = screen.getByRole("button", { name: "Publish" });
    await waitFor(() => expect(publish).toHaveAccessibleDescription("Wait for “Validate all” to finish"));
    expect(publish).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("button", { name: "Validate all" })).toHaveAttribute("aria-disabled", "true");

    // The sheet's menu shows the same reason on its items, which stay in the menu when chosen.
    await user.click(screen.getByRole("button", { name: /More actions/ }));
    const item = await screen.findByRole("menuitem", { name: "Take snapshot" });
    expect(item).toHaveAttribute("aria-disabled", "true");
    expect(item).toHaveAccessibleDescription("Wait for “Validate all” to finish");
    await user.click(item);
    expect(screen.getByRole("menu")).toBeInTheDocument();
    await user.keyboard("{Escape}");

    await server.admin.jobs.cancel(job.id, {});
    await reload(user);
    await waitFor(() => expect(publish).not.toHaveAttribute("aria-disabled"));
  });
});

describe("a foreground job", () => {
  it("locks the workbook's and the sheet's actions with its label as the reason, also once run in background", async () => {
    const user = userEvent.setup();
    const { workbook } = await open(
      [
        { operation: "export", label: "Export Data", mode: "foreground" },
        { operation: "publish", label: "Publish" },
      ],
      [{ operation: "snapshot", label: "Take snapshot", confirm: false }],
    );
    const publish = await screen.findByRole("button", { name: "Publish" });
    expect(publish).not.toHaveAttribute("aria-disabled");
    const job = await server.admin.jobs.create({
      type: "workbook",
      operation: "export",
      source: workbook.id,
      trigger: "immediate",
      mode: "foreground",
    });
    await reload(user);
    await waitFor(() => expect(publish).toHaveAccessibleDescription("Wait for “Export Data” to finish"));
    expect(publish).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("button", { name: "Export Data" })).toHaveAttribute("aria-disabled", "true");
    expect(screen.getByRole("status")).toHaveTextContent("Wait for “Export Data” to finish");

    // "Run in background" only lifts the overlay: the job still works on the workbook.
    useBackgroundedStore.getState().sendToBackground(job.id);
    await reload(user);
    expect(publish).toHaveAttribute("aria-disabled", "true");
    await user.click(screen.getByRole("button", { name: /More actions/ }));
    expect(await screen.findByRole("menuitem", { name: "Take snapshot" })).toHaveAccessibleDescription(
      "Wait for “Export Data” to finish",
    );
    await user.keyboard("{Escape}");

    await server.admin.jobs.complete(job.id, {});
    await reload(user);
    await waitFor(() => expect(publish).not.toHaveAttribute("aria-disabled"));
  });
});

describe("a scheduled action", () => {
  it("says when it also runs by itself, in its description", async () => {
    await open([{ operation: "backup", label: "Back up", confirm: false, schedule: "daily" }]);
    const button = await screen.findByRole("button", { name: "Back up" });
    expect(button).toHaveAccessibleDescription("Also runs by itself every day at 00:00 UTC.");
    expect(button).not.toHaveAttribute("aria-disabled");
  });
});
