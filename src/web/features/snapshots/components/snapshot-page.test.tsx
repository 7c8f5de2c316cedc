// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useMockServer, type MockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { snapshotPath } from "../../../lib/paths";
import { SnapshotPage } from "./snapshot-page";

const server = useMockServer();
afterEach(cleanup);

// jsdom lays nothing out: give the table's scroller a size, so the virtualizer renders the rows in view.
const sizes = ["clientHeight", "clientWidth"] as const;
beforeAll(() => {
  for (const size of sizes)
    Object.defineProperty(HTMLElement.prototype, size, { configurable: true, get: () => 800 });
});
afterAll(() => {
  for (const size of sizes) Reflect.deleteProperty(HTMLElement.prototype, size);
});

/** A sheet of three people, a snapshot of it, then one changed, one deleted and one added record. */
async function seed({ admin, token }: MockServer) {
  const space = await admin.spaces.create({ name: "Team" });
  const workbook = await admin.workbooks.create({
    name: "People",
    spaceId: space.id,
    sheets: [
      {
        name: "Contacts",
        slug: "contacts",
        fields: [
          { key: "name", type: "string", label: "Name" },
          { key: "email", type: "string", label: "Email" },
        ],
      },
    ],
  });
  const sheet = workbook.sheets[0]!;
  const { records } = await admin.records.insert(sheet.id, [
    { name: { value: "Ada" }, email: { value: "ada@old.example" } },
    { name: { value: "Alan" }, email: { value: "alan@example.com" } },
    { name: { value: "Grace" }, email: { value: "grace@example.com" } },
  ]);
  const [ada, alan] = records;
  const snapshot = await admin.snapshots.create({ sheetId: sheet.id, label: "Before the cleanup" });
  await admin.records.update(sheet.id, [{ id: ada!.id, values: { email: { value: "ada@new.example" } } }]);
  await admin.records.delete(sheet.id, [alan!.id]);
  await admin.records.insert(sheet.id, [{ name: { value: "Linus" }, email: { value: "linus@example.com" } }]);
  const userToken = await token({ role: "user", spaceId: space.id });
  const url = snapshotPath(space.id, sheet.id, snapshot.id);
  return { space, sheet, snapshot, ada: ada!, alan: alan!, userToken, url };
}

const PATH = "/space/:spaceId/sheets/:sheetId/snapshots/:snapshotId";

describe("SnapshotPage", () => {
  it("marks the records added, removed and changed since the snapshot, with the old values", async () => {
    const seeded = await seed(server);
    renderWithApi(<SnapshotPage />, { token: seeded.userToken, path: PATH, url: seeded.url });

    expect(await screen.findByRole("heading", { level: 1, name: "Before the cleanup" })).toBeInTheDocument();
    expect(await screen.findByText("1 added, 1 removed, 1 changed since this snapshot.")).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: /Records of the snapshot/ });
    // Header, then the snapshot's order (Ada, Alan, Grace), then the record added since.
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(5);

    const changed = within(table).getByRole("row", { name: /Changed/ });
    expect(changed).toHaveTextContent("Ada");
    // The change is said in words, not only in colour: "changed from <old> to <new>".
    expect(changed).toHaveTextContent("changed from ada@old.example→ to ada@new.example");

    const removed = within(table).getByRole("row", { name: /Removed/ });
    expect(removed).toHaveTextContent("Alan");
    expect(removed).toHaveAttribute("data-change", "removed");

    const added = within(table).getByRole("row", { name: /Added/ });
    expect(added).toHaveTextContent("Linus");

    const same = within(table).getByRole("row", { name: /Unchanged/ });
    expect(same).toHaveTextContent("Grace");
  });

  it("shows only the changes on request", async () => {
    const seeded = await seed(server);
    const user = userEvent.setup();
    renderWithApi(<SnapshotPage />, { token: seeded.userToken, path: PATH, url: seeded.url });

    const onlyChanges = await screen.findByRole("radio", { name: "Only changes (3)" });
    await user.click(onlyChanges);
    const table = screen.getByRole("table", { name: /Records of the snapshot/ });
    await waitFor(() => expect(within(table).queryByText("Grace")).not.toBeInTheDocument());
    expect(within(table).getAllByRole("row")).toHaveLength(4);
  });

  it("restores the snapshot after a confirm that says what will happen", async () => {
    const seeded = await seed(server);
    const user = userEvent.setup();
    renderWithApi(<SnapshotPage />, { token: seeded.userToken, path: PATH, url: seeded.url });

    await screen.findByText("1 added, 1 removed, 1 changed since this snapshot.");
    await user.click(screen.getByRole("button", { name: "Restore…" }));
    const dialog = await screen.findByRole("dialog", { name: "Restore this snapshot?" });
    expect(dialog).toHaveTextContent("1 record added since is deleted.");
    expect(dialog).toHaveTextContent("1 record removed since comes back.");
    expect(dialog).toHaveTextContent("1 changed record gets its old values back.");

    await user.click(within(dialog).getByRole("button", { name: "Restore snapshot" }));

    const status = await screen.findByRole("status");
    expect(status).toHaveTextContent("Restored. Contacts is back as it was on");
    expect(within(status).getByRole("link", { name: "Open Contacts" })).toHaveAttribute(
      "href",
      expect.stringContaining(`/sheet/${seeded.sheet.id}`),
    );
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(await screen.findByText("No changes since this snapshot.")).toBeInTheDocument();

    const { records } = await server.admin.records.get(seeded.sheet.id);
    const byName = new Map(records.map((record) => [record.values.name?.value, record]));
    expect([...byName.keys()].sort()).toEqual(["Ada", "Alan", "Grace"]);
    expect(byName.get("Ada")?.values.email?.value).toBe("ada@old.example");
  });

  it("says so in plain words when the snapshot does not exist", async () => {
    const seeded = await seed(server);
    await server.admin.snapshots.delete(seeded.snapshot.id);
    renderWithApi(<SnapshotPage />, { token: seeded.userToken, path: PATH, url: seeded.url });

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This snapshot does not exist (any more): it may have been deleted.",
    );
  });
});
