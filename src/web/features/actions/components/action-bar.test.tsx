// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Action } from "../../../../core";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { connectedListener, serveListeners } from "../../../testing/listeners";
import { splitActions } from "./action-bar";
import { ActionsHarness } from "./action-test-helpers";

const server = useMockServer();
// A worker runs every action here: these tests are about other reasons (action-button.test.tsx has the no-worker hint).
beforeEach(() => serveListeners(server, [connectedListener()]));
afterEach(cleanup);
beforeAll(() => {
  // Radix measures its controls; jsdom has no ResizeObserver.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
});

const action = (operation: string, extra: Partial<Action> = {}): Action => ({
  operation,
  label: operation,
  confirm: false,
  ...extra,
});
const ops = (list: Action[]) => list.map((item) => item.operation);

describe("splitActions", () => {
  it("shows the primary actions as buttons and puts the others in the menu", () => {
    const { buttons, more } = splitActions([
      action("a"),
      action("export", { primary: true }),
      action("b"),
      action("c"),
    ]);
    expect(ops(buttons)).toEqual(["export"]);
    expect(ops(more)).toEqual(["a", "b", "c"]);
  });

  it("keeps two actions or fewer as buttons, the primary last", () => {
    const { buttons, more } = splitActions([action("export", { primary: true }), action("a")]);
    expect(ops(buttons)).toEqual(["a", "export"]);
    expect(more).toEqual([]);
    expect(ops(splitActions([action("a"), action("b")]).buttons)).toEqual(["a", "b"]);
  });

  it("puts everything in the menu when nothing is primary and there are more than two", () => {
    const { buttons, more } = splitActions([action("a"), action("b"), action("c")]);
    expect(buttons).toEqual([]);
    expect(ops(more)).toEqual(["a", "b", "c"]);
  });
});

describe("the workbook's action bar", () => {
  it("is the primary button and a More actions menu, whose items run their actions", async () => {
    const user = userEvent.setup();
    const space = await server.admin.spaces.create({ name: "Reports" });
    await server.admin.workbooks.create({
      name: "October",
      spaceId: space.id,
      actions: [
        { operation: "publish", label: "Publish report", confirm: false },
        { operation: "sync", label: "Sync to CRM", confirm: false },
        { operation: "validate", label: "Validate all", confirm: false },
        { operation: "export", label: "Export Data", primary: true, confirm: false },
      ],
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
      ],
    });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<ActionsHarness />, { token, path: "/space/:spaceId", url: `/space/${space.id}` });

    const bar = await screen.findByRole("group", { name: "Actions for October" });
    await within(bar).findByRole("button", { name: "Export Data" });
    expect(
      within(bar)
        .getAllByRole("button")
        .map((button) => button.textContent),
    ).toEqual(["More actions", "Export Data"]);

    await user.click(within(bar).getByRole("button", { name: "More actions" }));
    const menu = await screen.findByRole("menu");
    expect(
      within(menu)
        .getAllByRole("menuitem")
        .map((item) => item.textContent),
    ).toEqual(["Publish report", "Sync to CRM", "Validate all"]);
    await user.click(within(menu).getByRole("menuitem", { name: "Sync to CRM" }));
    await waitFor(async () => {
      const { data } = await server.admin.jobs.list({ spaceId: space.id, type: "workbook" });
      expect(data.map((job) => job.operation)).toEqual(["sync"]);
    });
  });
});
