// @vitest-environment jsdom
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { unzipSync } from "fflate";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { ApiClient } from "../../../../sdk";
import type { MockApi } from "../../../../mocks/mock-api";
import { useMockServer } from "../../../testing/mock-server";
import { renderWithApi } from "../../../testing/render-with-api";
import { DIRECT_DOWNLOAD_ROWS, exportOptionsOf, type ShownRecords } from "../export-options";
import { DownloadAllSheetsButton } from "./download-all-sheets-button";
import { DownloadCsvButton } from "./download-csv-button";

const server = useMockServer();

/** What the page handed the browser to save: the object URL's blob or the link, and the name. */
type Saved = { href: string; download: string; blob?: Blob };
let saved: Saved[];
let worker: ReturnType<MockApi["startSystemWorker"]> | undefined;

beforeEach(() => {
  saved = [];
  const blobs = new Map<string, Blob>();
  // jsdom has no object URLs and does not follow links: note what would have been downloaded.
  vi.stubGlobal(
    "URL",
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        const href = `blob:test/${blobs.size}`;
        blobs.set(href, blob);
        return href;
      },
      revokeObjectURL: () => undefined,
    }),
  );
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({
      href: this.getAttribute("href") ?? "",
      download: this.download,
      blob: blobs.get(this.getAttribute("href") ?? ""),
    });
  });
});

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await worker?.stop();
  worker = undefined;
});

async function seed(admin: ApiClient) {
  const space = await admin.spaces.create({ name: "Exports" });
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
          { key: "city", type: "string", label: "City, town" },
        ],
      },
      { name: "Tags", slug: "tags", fields: [{ key: "tag", type: "string" }] },
    ],
  });
  const [sheet, tags] = workbook.sheets as [
    (typeof workbook.sheets)[number],
    (typeof workbook.sheets)[number],
  ];
  await admin.records.insert(sheet.id, [
    { name: { value: "Ada" }, age: { value: 36 }, city: { value: "London" } },
    { name: { value: null }, age: { value: 41 }, city: { value: "Paris, France" } },
    { name: { value: "Grace" }, age: { value: 85 }, city: { value: "New York" } },
    { name: { value: "Alan" }, age: { value: 41 }, city: { value: "Wilmslow" } },
  ]);
  await admin.records.insert(tags.id, [{ tag: { value: "vip" } }]);
  const token = await server.token({ role: "user", spaceId: space.id });
  return { space, workbook, sheet, tags, token };
}

const SHOWN: ShownRecords = {
  filter: "valid",
  searchValue: "a",
  sortField: "age",
  sortDirection: "desc",
  fields: ["name", "city"],
};

/** The bytes as text, a byte order mark kept (`Response.text()` drops it). */
const decode = (bytes: ArrayBuffer | Uint8Array | undefined) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

async function directCsv(admin: ApiClient, sheetId: string, shown: ShownRecords): Promise<string> {
  return decode(await (await admin.sheets.downloadCsv(sheetId, exportOptionsOf(shown))).arrayBuffer());
}

describe("DownloadCsvButton", () => {
  it("downloads what the grid shows straight away when it is small, from the keyboard", async () => {
    const { sheet, token } = await seed(server.admin);
    renderWithApi(<DownloadCsvButton sheet={sheet} shown={SHOWN} matching={3} />, { token });
    const button = screen.getByRole("button", { name: "Download CSV" });
    expect(button).toHaveAccessibleDescription("Downloads the records shown, in the visible columns");
    await userEvent.tab();
    expect(button).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(saved).toHaveLength(1));
    const [file] = saved as [Saved];
    expect(file.download).toMatch(/^Contacts \d{4}-\d{2}-\d{2}\.csv$/);
    const text = decode(await (file.blob as Blob).arrayBuffer());
    expect(text).toBe(await directCsv(server.admin, sheet.id, SHOWN));
    // Sorted by age, descending; valid records that contain an "a"; the visible columns only.
    expect(text).toBe("\uFEFF" + 'Name,"City, town"\r\nGrace,New York\r\nAlan,Wilmslow\r\nAda,London\r\n');
    const { data: jobs } = await server.admin.jobs.list({ operation: "export-csv" });
    expect(jobs).toHaveLength(0);
  });

  it("exports a large sheet through the export job, whose file holds the same CSV (mock mode's worker and blobs)", async () => {
    const { sheet, token } = await seed(server.admin);
    worker = server.mock.startSystemWorker();
    renderWithApi(<DownloadCsvButton sheet={sheet} shown={SHOWN} matching={DIRECT_DOWNLOAD_ROWS + 1} />, {
      token,
    });
    await userEvent.click(screen.getByRole("button", { name: "Download CSV" }));
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(/jobs panel shows its progress/),
    );
    expect(saved).toHaveLength(0);
    await worker.idle();
    const { data: jobs } = await server.admin.jobs.list({ operation: "export-csv" });
    const [job] = jobs;
    expect(job).toMatchObject({
      type: "sheet",
      operation: "export-csv",
      status: "complete",
      config: { options: exportOptionsOf(SHOWN) },
    });
    const next = job?.outcome?.next;
    if (next?.type !== "files") throw new Error("the export offers no file");
    const bytes = decode(await (await server.admin.files.download(next.files[0]!.fileId)).arrayBuffer());
    expect(bytes).toBe(await directCsv(server.admin, sheet.id, SHOWN));
  });

  it("says why a download failed", async () => {
    const { sheet, token } = await seed(server.admin);
    renderWithApi(
      <DownloadCsvButton sheet={sheet} shown={{ filter: "all", fields: ["gone"] }} matching={3} />,
      { token },
    );
    await userEvent.click(screen.getByRole("button", { name: "Download CSV" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Could not download: .*gone/);
  });
});

describe("DownloadAllSheetsButton", () => {
  it("exports every sheet of the workbook into one zip in the space", async () => {
    const { workbook, sheet, tags, token } = await seed(server.admin);
    worker = server.mock.startSystemWorker();
    renderWithApi(<DownloadAllSheetsButton workbook={workbook} />, { token });
    await userEvent.click(screen.getByRole("button", { name: "Download all sheets of People" }));
    await waitFor(() =>
      expect(screen.getByRole("status")).toHaveTextContent(/Exporting every sheet into a zip/),
    );
    await worker.idle();
    const { data: jobs } = await server.admin.jobs.list({ operation: "export-csv" });
    const next = jobs[0]?.outcome?.next;
    if (next?.type !== "files") throw new Error("the export offers no file");
    const zip = new Uint8Array(
      await (await server.admin.files.download(next.files[0]!.fileId)).arrayBuffer(),
    );
    const entries = unzipSync(zip);
    expect(Object.keys(entries)).toEqual(["Contacts.csv", "Tags.csv"]);
    expect(decode(entries["Contacts.csv"])).toBe(
      decode(await (await server.admin.sheets.downloadCsv(sheet.id, { bom: true })).arrayBuffer()),
    );
    expect(decode(entries["Tags.csv"])).toBe(
      decode(await (await server.admin.sheets.downloadCsv(tags.id, { bom: true })).arrayBuffer()),
    );
  });
});
