// @vitest-environment jsdom
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
// eslint-disable-next-line no-restricted-imports -- Node's own Blob and File, see the note on the beforeEach below
import { Blob as NodeBlob, File as NodeFile } from "node:buffer";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { FilesPage } from "./files-page";

const server = useMockServer();
afterEach(cleanup);

// The jsdom environment hands a jsdom FormData to Node's fetch rebuilt without its file names (the server would store
// "blob"); with Node's own FormData, Blob and File the names arrive, as they do from a browser.
beforeEach(async () => {
  // Node's FormData, reached through Node's `Response`, which the environment leaves alone.
  vi.stubGlobal("FormData", (await new Response(new URLSearchParams()).formData()).constructor);
  vi.stubGlobal("Blob", NodeBlob);
  vi.stubGlobal("File", NodeFile);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const PATH = "/space/:spaceId/files";

async function spaceWithFiles() {
  const { admin } = server;
  const space = await admin.spaces.create({ name: "Files" });
  const imported = await admin.files.upload({
    spaceId: space.id,
    file: new File(["name\nAda\n"], "people.csv", { type: "text/csv" }),
  });
  const exported = await admin.files.upload({
    spaceId: space.id,
    mode: "export",
    file: new File(["{}"], "report.json", { type: "application/json" }),
  });
  return { space, imported, exported };
}

describe("FilesPage", () => {
  it("lists the space's files with size, type, status and mode, and filters them by mode", async () => {
    const { space } = await spaceWithFiles();
    const token = await server.token({ role: "user", spaceId: space.id });
    const user = userEvent.setup();
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files` });

    const table = await screen.findByRole("table", { name: /Files of the space/ });
    const rows = within(table).getAllByRole("row").slice(1);
    // Newest first: the export was uploaded last.
    expect(rows.map((row) => within(row).getByRole("rowheader").textContent)).toEqual([
      "Download report.json",
      "Download people.csv",
    ]);
    const people = within(table).getByRole("row", { name: /people\.csv/ });
    expect(people).toHaveTextContent("9 B");
    expect(people).toHaveTextContent("CSV");
    // An import file is extracted by the platform's worker; this test runs none, so it stays queued.
    expect(people).toHaveTextContent("Waiting to extract");
    expect(people).toHaveTextContent("Import");
    expect(within(people).getByRole("link", { name: "Download people.csv" })).toHaveAttribute(
      "download",
      "people.csv",
    );
    // A file without actions of its own has no actions menu (it would only say there are none).
    expect(within(people).queryByRole("button", { name: "Actions for people.csv" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: /Exports/ }));
    const exports = await screen.findByRole("table", { name: /Export files/ });
    expect(within(exports).getAllByRole("row")).toHaveLength(2);
    expect(within(exports).getByRole("row", { name: /report\.json/ })).toBeInTheDocument();
  });

  it("picks out the file a link asks for, and shows a menu for a file's own actions", async () => {
    const { space, imported } = await spaceWithFiles();
    await server.admin.files.update(imported.id, {
      actions: [{ operation: "inspect", label: "Inspect file", confirm: false }],
    });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files?file=${imported.id}` });

    const table = await screen.findByRole("table", { name: /Files of the space/ });
    const people = await within(table).findByRole("row", { name: /people\.csv/ });
    expect(people).toHaveAttribute("aria-current", "true");
    expect(within(table).getByRole("row", { name: /report\.json/ })).not.toHaveAttribute("aria-current");
    expect(await within(people).findByRole("button", { name: "Actions for people.csv" })).toBeInTheDocument();
  });

  it("says so when a mode has no file yet", async () => {
    const space = await server.admin.spaces.create({ name: "Empty" });
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files?mode=export` });
    expect(await screen.findByText("No exported file yet.")).toBeInTheDocument();
  });

  it("uploads the chosen files through the button into the space, with their progress", async () => {
    const space = await server.admin.spaces.create({ name: "Uploads" });
    const token = await server.token({ role: "user", spaceId: space.id });
    const user = userEvent.setup();
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files` });
    await screen.findByText("No file yet.");

    await user.upload(screen.getByLabelText("Files to upload as imports"), [
      new File(["a,b\n1,2\n"], "first.csv", { type: "text/csv" }),
      new File(["x"], "second.txt", { type: "text/plain" }),
    ]);

    const uploads = screen.getByRole("list", { name: "Uploads" });
    await waitFor(() => expect(within(uploads).getAllByText("Uploaded")).toHaveLength(2));
    expect(within(uploads).getByRole("progressbar", { name: "Upload of first.csv" })).toHaveAttribute(
      "aria-valuenow",
      "100",
    );
    const stored = await server.admin.files.list({ spaceId: space.id });
    expect(stored.data.map((file) => file.name).sort()).toEqual(["first.csv", "second.txt"]);
    expect(await screen.findByRole("row", { name: /first\.csv/ })).toBeInTheDocument();
  });

  it("deletes a file after the operator confirms, Cancel being focused first", async () => {
    const { space, imported } = await spaceWithFiles();
    const token = await server.token({ role: "operator" });
    const user = userEvent.setup();
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files` });

    await user.click(await screen.findByRole("button", { name: "Delete people.csv" }));
    const dialog = await screen.findByRole("dialog", { name: "Delete people.csv?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();

    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole("button", { name: "Delete people.csv" })).toHaveFocus());

    await user.click(screen.getByRole("button", { name: "Delete people.csv" }));
    await user.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("row", { name: /people\.csv/ })).not.toBeInTheDocument());
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const left = await server.admin.files.list({ spaceId: space.id });
    expect(left.data.map((file) => file.id)).not.toContain(imported.id);
  });

  it("offers no Delete to a user, who may not delete files", async () => {
    const { space } = await spaceWithFiles();
    const token = await server.token({ role: "user", spaceId: space.id });
    renderWithApi(<FilesPage />, { token, path: PATH, url: `/space/${space.id}/files` });
    await screen.findByRole("row", { name: /people\.csv/ });
    expect(screen.queryByRole("button", { name: /^Delete/ })).not.toBeInTheDocument();
  });
});
