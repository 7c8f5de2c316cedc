import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ExtractError } from "./extract-error";
import { extractTables } from "./extract-tables";
import { buildXlsx, extractAll, sheetXml, streamOf, worksheet } from "./extract-test-support";

const xlsx = (bytes: Uint8Array, options: Partial<Parameters<typeof extractAll>[1]> = {}) =>
  extractAll(bytes, { fileName: "book.xlsx", chunkSize: 4096, ...options });

const PEOPLE = sheetXml([
  ["Name", "Age"],
  ["Anna", 31],
  ["Bob", 0.30000000000000004],
]);

/** Cells that refer to shared strings 0..n in order, one row each after a header of string 0. */
const sharedSheet = worksheet(
  '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
    '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>42</v></c></row>',
);

describe("XLSX extraction", () => {
  it("reads each worksheet with data as a table, in the zip's order, with the workbook's names and positions", async () => {
    const book = buildXlsx([
      { name: "People", xml: PEOPLE },
      { name: "Empty", xml: sheetXml([]) },
      { name: "Only header", xml: sheetXml([["Code"]]) },
    ]);
    const tables = await xlsx(book);
    expect(tables.map(({ name, index, format, headerRow }) => ({ name, index, format, headerRow }))).toEqual([
      { name: "People", index: 0, format: "xlsx", headerRow: 0 },
      { name: "Only header", index: 2, format: "xlsx", headerRow: 0 },
    ]);
    expect(tables[0]!.labels).toEqual(["Name", "Age"]);
    expect(tables[0]!.rows).toEqual([
      ["Anna", "31"],
      ["Bob", "0.3"],
    ]);
    expect(tables[1]!.rows).toEqual([]);
  });

  it("reads a file twice when its shared strings come after the sheets (as Excel writes it), once otherwise", async () => {
    const strings = ["Name", "City", "Zoë <&> “x”"];
    for (const [order, opens] of [
      ["excel", 2],
      ["parts first", 1],
    ] as const) {
      const book = buildXlsx([{ name: "S", xml: sharedSheet }], { sharedStrings: strings, order });
      let opened = 0;
      const events = [];
      for await (const event of extractTables(
        () => {
          opened++;
          return streamOf(book, 512);
        },
        { fileName: "s.xlsx" },
      )) {
        events.push(event);
      }
      expect(opened).toBe(opens);
      expect(events).toMatchObject([
        { kind: "table", columns: [{ label: "Name" }, { label: "City" }] },
        { kind: "rows", rows: [["Zoë <&> “x”", "42"]] },
      ]);
    }
  });

  it("needs a source it can open again for such a file", async () => {
    const book = buildXlsx([{ name: "S", xml: sharedSheet }], { sharedStrings: ["a", "b", "c"] });
    const events = extractTables(streamOf(book), { fileName: "s.xlsx" });
    await expect(events.next()).rejects.toThrow(TypeError);
  });

  it("shows cells as Excel does: dates, times, booleans, errors, formulas, rich text; skips gaps and title rows", async () => {
    const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
      <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd\\ hh:mm"/><numFmt numFmtId="165" formatCode="[h]:mm"/></numFmts>
      <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
      <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="20"/><xf numFmtId="165"/></cellXfs>
    </styleSheet>`;
    const sheet = worksheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Quarterly report</t></is></c></row>' +
        '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="inlineStr"><is><t>When</t></is></c>' +
        '<c r="D3" t="inlineStr"><is><t>At</t></is></c><c r="E3" t="inlineStr"><is><t>Flag</t></is></c><c r="F3" t="inlineStr"><is><t>Error</t></is></c>' +
        '<c r="G3" t="inlineStr"><is><t>Duration</t></is></c></row>' +
        '<row r="4"><c r="A4" t="str"><f>UPPER("x")</f><v>X</v></c><c r="C4" s="1"><v>45352</v></c><c r="D4" s="2"><v>45352.5729166667</v></c>' +
        '<c r="E4" t="b"><v>1</v></c><c r="F4" t="e"><v>#N/A</v></c><c r="G4" s="4"><v>1.5</v></c></row>' +
        '<row r="6"><c r="B6" t="s"><v>2</v></c><c r="D6" s="3"><v>0.75</v></c><c r="E6" t="b"><v>0</v></c></row>',
    );
    const sharedStrings = ["Name", "Rich", "x"];
    const book = buildXlsx([{ name: "Report", xml: sheet }], { sharedStrings, styles });
    const [table] = await xlsx(book);
    expect(table!.headerRow).toBe(2);
    expect(table!.labels).toEqual(["Name", "Rich", "When", "At", "Flag", "Error", "Duration"]);
    expect(table!.rows).toEqual([
      ["X", "", "2024-03-01", "2024-03-01T13:45:00", "TRUE", "#N/A", "1.5"],
      ["", "x", "", "18:00:00", "FALSE", "", ""],
    ]);
    const [in1904] = await xlsx(
      buildXlsx(
        [
          {
            name: "D",
            xml: worksheet(
              '<row r="1"><c r="A1" t="inlineStr"><is><t>D</t></is></c></row><row r="2"><c r="A2" s="1"><v>0</v></c></row>',
            ),
          },
        ],
        {
          styles,
          date1904: true,
        },
      ),
    );
    expect(in1904!.rows).toEqual([["1904-01-01"]]);
  });

  it("joins rich-text runs of shared strings without phonetic guides, and reads prefixed tags", async () => {
    const sst = `<?xml version="1.0"?><x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:si><x:r><x:t>Bold</x:t></x:r><x:r><x:t xml:space="preserve"> and plain</x:t></x:r><x:rPh><x:t>ボ</x:t></x:rPh></x:si></x:sst>`;
    const sheet = `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>H</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const book = buildXlsx([{ name: "P", xml: sheet }], {
      sharedStrings: ["placeholder"],
      extra: { "xl/sharedStrings.xml": sst },
    });
    const [table] = await xlsx(book);
    expect(table!.rows).toEqual([["Bold and plain"]]);
  });

  it("reads zip entries written with data descriptors (sizes after the data)", async () => {
    const parts = unzipSync(buildXlsx([{ name: "People", xml: PEOPLE }], { sharedStrings: ["unused"] }));
    const [table] = await xlsx(streamingZip(parts), { chunkSize: 100 });
    expect(table!.rows).toEqual([
      ["Anna", "31"],
      ["Bob", "0.3"],
    ]);
  });

  it("stops a zip bomb: too much output for the bytes read, or too much output in all", async () => {
    const zeros = { "xl/media/zeros.bin": new Uint8Array(40 * 1024 * 1024) };
    const book = unzipSync(buildXlsx([{ name: "People", xml: PEOPLE }]));
    const bomb = zipSync({ ...zeros, ...book });
    await expect(xlsx(bomb)).rejects.toThrow(/expands more than 200 times .* possible zip bomb/);
    // Sizes declared in the entry's header are believed at once; those only known after the data are counted.
    const limits = { maxCompressionRatio: 1e9, maxUncompressedBytes: 8 * 1024 * 1024 };
    const message =
      "The XLSX file decompresses to more than 8,388,608 bytes; at most that much is supported.";
    await expect(xlsx(bomb, { limits })).rejects.toThrow(message);
    await expect(xlsx(streamingZip({ ...zeros, ...book }), { limits })).rejects.toThrow(message);
  });

  it("caps columns, also ones far to the right of the others", async () => {
    const sheet = worksheet(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>A</t></is></c><c r="ALN1" t="inlineStr"><is><t>far</t></is></c></row>',
    );
    await expect(xlsx(buildXlsx([{ name: "W", xml: sheet }]))).rejects.toThrow(
      "Row 1 has 1,002 columns; at most 1,000 are supported.",
    );
  });

  it.each([
    [
      "bytes that are not a zip",
      strToU8("Name,Email\nAnna,a@x.de\n"),
      /not a valid XLSX workbook \(it is not a zip archive\)/,
    ],
    [
      "an old .xls file",
      Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]),
      /old-style Excel \(\.xls\)/,
    ],
    ["a zip without a workbook", zipSync({ "hello.txt": strToU8("hi") }), /has no xl\/workbook.xml/],
    [
      "a cut-off file",
      buildXlsx([{ name: "People", xml: PEOPLE }]).subarray(0, 300),
      /XLSX file (is damaged|is not a valid)/,
    ],
    [
      "invalid XML",
      buildXlsx([{ name: "Bad", xml: "<worksheet><sheetData><row></sheetData>" }]),
      /damaged: xl\/worksheets\/sheet1.xml is not valid XML/,
    ],
    ["no sheet with data", buildXlsx([{ name: "Empty", xml: sheetXml([]) }]), /every sheet is empty/],
  ])("refuses %s with an ExtractError", async (_name, bytes, message) => {
    const attempt = xlsx(bytes);
    await expect(attempt).rejects.toThrow(message);
    await expect(attempt).rejects.toBeInstanceOf(ExtractError);
  });

  it("reads a zip named .csv as a workbook", async () => {
    const [table] = await extractAll(buildXlsx([{ name: "People", xml: PEOPLE }]), {
      fileName: "export.csv",
    });
    expect(table).toMatchObject({ format: "xlsx", name: "People" });
  });
});

/** A zip written as a stream, so each entry's sizes follow its data (as streaming writers do). */
function streamingZip(parts: Record<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [path, data] of Object.entries(parts)) {
    const entry = new ZipDeflate(path, { level: 6 });
    zip.add(entry);
    entry.push(data, true);
  }
  zip.end();
  const bytes = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
