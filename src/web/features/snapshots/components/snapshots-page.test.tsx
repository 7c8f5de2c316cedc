// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { snapshotPath } from "../../../lib/paths";
import { SnapshotsPage } from "./snapshots-page";

const server = useMockServer();
afterEach(cleanup);

describe("SnapshotsPage", () => {
  it("lists the sheet's snapshots newest first and takes a new one", async () => {
    const { admin } = server;
    const space = await admin.spaces.create({ name: "Team" });
    const workbook = await admin.workbooks.create({
      name: "People",
      spaceId: space.id,
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string", label: "Name" }] },
      ],
    });
    const sheet = workbook.sheets[0]!;
    await admin.records.insert(sheet.id, [{ name: { value: "Ada" } }]);
    await admin.snapshots.create({ sheetId: sheet.id, label: "First" });
    await admin.records.insert(sheet.id, [{ name: { value: "Alan" } }]);
    await admin.snapshots.create({ sheetId: sheet.id, label: "Second" });
    const token = await server.token({ role: "user", spaceId: space.id });
    const user = userEvent.setup();

    renderWithApi(<SnapshotsPage />, {
      token,
      path: "/space/:spaceId/sheets/:sheetId/snapshots",
      url: snapshotPath(space.id, sheet.id),
    });

    expect(
      await screen.findByRole("heading", { level: 1, name: "Snapshots of Contacts" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("navigation", { name: "Breadcrumb" })).toHaveTextContent("People");
    const table = await screen.findByRole("table", { name: /Snapshots of Contacts/ });
    const names = () =>
      within(table)
        .getAllByRole("rowheader")
        .map((cell) => cell.textContent);
    expect(names()).toEqual(["Second", "First"]);
    expect(within(table).getByRole("row", { name: /Second/ })).toHaveTextContent("2");

    await user.type(screen.getByLabelText("Label (optional)"), "Third");
    await user.click(screen.getByRole("button", { name: "Take snapshot" }));

    const status = screen.getByRole("status");
    expect(await within(status).findByRole("link", { name: "Third" })).toBeInTheDocument();
    expect(status).toHaveTextContent("Saved 2 records as Third.");
    const saved = await admin.snapshots.list({ sheetId: sheet.id });
    expect(saved.map((snapshot) => snapshot.label)).toContain("Third");
    await within(table).findByRole("row", { name: /Third/ });
  });
});
