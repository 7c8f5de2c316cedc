import { describe, expect, it } from "vitest";
import { ExtractError } from "./extract-error";
import type { ExtractEvent } from "./extract-events";
import { extractTables } from "./extract-tables";
import { extractAll, streamOf } from "./extract-test-support";

const csv = (content: string, options: Parameters<typeof extractAll>[1] = { fileName: "people.csv" }) =>
  extractAll(content, options);

describe("CSV and TSV extraction", () => {
  it("reads a CSV into one table named after the file, header row 0", async () => {
    const [table, ...more] = await csv("Name,Email\nAnna,anna@example.com\nBob,bob@example.com\n");
    expect(more).toEqual([]);
    expect(table).toMatchObject({
      name: "people",
      format: "csv",
      headerRow: 0,
      delimiter: ",",
      encoding: "utf-8",
    });
    expect(table!.columns).toEqual([
      { key: "name", label: "Name" },
      { key: "email", label: "Email" },
    ]);
    expect(table!.rows).toEqual([
      ["Anna", "anna@example.com"],
      ["Bob", "bob@example.com"],
    ]);
  });

  it.each([
    ["semicolon", ";", "Name;Price;City\nTea;1,5;Köln\nCake;2,25;Wien\n"],
    ["tab", "\t", "Name\tPrice\tCity\nTea\t1,5\tKöln\nCake\t2,25\tWien\n"],
    ["pipe", "|", "Name|Price|City\nTea|1,5|Köln\nCake|2,25|Wien\n"],
    ["comma with quoted commas", ",", 'Name,Price,City\nTea,"1,5",Köln\nCake,"2,25",Wien\n'],
  ])("sniffs the %s delimiter", async (_name, delimiter, content) => {
    const [table] = await csv(content);
    expect(table!.delimiter).toBe(delimiter);
    expect(table!.labels).toEqual(["Name", "Price", "City"]);
    expect(table!.rows).toEqual([
      ["Tea", "1,5", "Köln"],
      ["Cake", "2,25", "Wien"],
    ]);
  });

  it("splits a .tsv file on tabs only", async () => {
    const [table] = await csv("a,b\tc\n1,2\t3\n", { fileName: "data.tsv" });
    expect(table).toMatchObject({
      format: "tsv",
      delimiter: "\t",
      labels: ["a,b", "c"],
      rows: [["1,2", "3"]],
    });
  });

  it("keeps delimiters, line breaks and doubled quotes inside quoted fields", async () => {
    const [table] = await csv('Name,Note\r\n"Smith, Anna","line 1\r\nline 2 ""quoted"""\r\nBob,plain\r\n');
    expect(table!.rows).toEqual([
      ["Smith, Anna", 'line 1\r\nline 2 "quoted"'],
      ["Bob", "plain"],
    ]);
  });

  it("reads files with old Mac (CR) line breaks and without a final line break", async () => {
    const [table] = await csv("a,b\r1,2\r3,4");
    expect(table!.rows).toEqual([
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("skips title and blank rows above the header and records where the header is", async () => {
    const [table] = await csv(
      "Sales report 2024\n\n,,,\nRegion,Product,Units,Price\nNorth,Tea,3,1.50\n\nSouth,Cake,5,2.00\n",
    );
    expect(table!.headerRow).toBe(3);
    expect(table!.labels).toEqual(["Region", "Product", "Units", "Price"]);
    expect(table!.rows).toEqual([
      ["North", "Tea", "3", "1.50"],
      ["South", "Cake", "5", "2.00"],
    ]);
  });

  it("takes a header with some empty names, and the header row a person chose", async () => {
    const [detected] = await csv("Name,,Phone\nAnna,x,1\nBob,y,2\n");
    expect(detected).toMatchObject({ headerRow: 0, labels: ["Name", "Column 2", "Phone"] });
    const [chosen] = await csv("Name,,Phone\nAnna,x,1\nBob,y,2\n", { fileName: "a.csv", headerRow: 1 });
    expect(chosen).toMatchObject({ headerRow: 1, labels: ["Anna", "x", "1"], rows: [["Bob", "y", "2"]] });
  });

  it("makes empty and duplicate header names unique and non-empty, with valid unique keys", async () => {
    const [table] = await csv("Email,email, ,Première Adresse,Email,名前\n1,2,3,4,5,6\n");
    expect(table!.labels).toEqual([
      "Email",
      "email (2)",
      "Column 3",
      "Première Adresse",
      "Email (3)",
      "名前",
    ]);
    expect(table!.columns.map((column) => column.key)).toEqual([
      "email",
      "email_2",
      "column_3",
      "premiere_adresse",
      "email_3",
      "column_6",
    ]);
  });

  it("pads short rows, ignores empty extra cells and adds columns for extra values", async () => {
    const events: ExtractEvent[] = [];
    const content = "a,b,c\n1\n2,2,2,,\n3,3,3,3,x\n4,4\n";
    for await (const event of extractTables(streamOf(content), { fileName: "r.csv" })) events.push(event);
    expect(events.map((event) => event.kind)).toEqual(["table", "rows", "columns", "rows"]);
    expect(events[1]).toEqual({
      kind: "rows",
      rows: [
        ["1", "", ""],
        ["2", "2", "2"],
      ],
    });
    expect(events[2]).toMatchObject({
      kind: "columns",
      columns: [{ label: "a" }, { label: "b" }, { label: "c" }, { label: "Column 4" }, { label: "Column 5" }],
    });
    expect(events[3]).toEqual({
      kind: "rows",
      rows: [
        ["3", "3", "3", "3", "x"],
        ["4", "4", "", "", ""],
      ],
    });
  });

  it("accepts a header without rows: a table with zero rows", async () => {
    const [table] = await csv("Name,Email\r\n");
    expect(table).toMatchObject({ labels: ["Name", "Email"], rows: [] });
  });

  it("says when a file is empty or holds no values", async () => {
    await expect(csv("")).rejects.toThrow(new ExtractError("The file is empty."));
    await expect(csv("\n\n ,, \n")).rejects.toThrow(/no header row/);
  });

  it("caps the number of columns", async () => {
    const wide = Array.from({ length: 10_001 }, (_, index) => `c${index}`).join(",");
    await expect(csv(`${wide}\n`)).rejects.toThrow("Row 1 has 10,001 columns; at most 1,000 are supported.");
    const later = `a,b\n1,2\n1,2,3,4\n`;
    await expect(csv(later, { fileName: "x.csv", limits: { maxColumns: 3 } })).rejects.toThrow(
      "Row 3 has 4 columns; at most 3 are supported.",
    );
  });

  it("caps the size of a cell, also one that never ends (an unclosed quote)", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    await expect(csv(`a,b\n1,"${big}"\n`, { fileName: "big.csv", chunkSize: 64 * 1024 })).rejects.toThrow(
      ExtractError,
    );
    await expect(
      csv(`a,b\n1,${"y".repeat(2000)}\n`, { fileName: "x.csv", limits: { maxCellChars: 1000 } }),
    ).rejects.toThrow("Row 2, column 2 has a cell of 2,000 characters; at most 1,000 are supported.");
    const unclosed = `a,b\n1,"never closed\n${"2,3\n".repeat(1000)}`;
    await expect(csv(unclosed, { fileName: "x.csv", limits: { maxCellChars: 500 } })).rejects.toThrow(
      /Row 2 goes on for more than .* a quote that is never closed/,
    );
  });

  it("refuses binary data named .csv", async () => {
    const png = Uint8Array.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    await expect(extractAll(png, { fileName: "image.csv" })).rejects.toThrow(/not a text file/);
    const noise = Uint8Array.from({ length: 4096 }, (_, index) => (index * 7919 + 13) % 255 || 1);
    await expect(extractAll(noise, { fileName: "noise.csv" })).rejects.toThrow(/not a text file/);
  });

  it("gives the same result for any chunk size, down to single bytes", async () => {
    const content =
      '\ufeffName;Note;City\r\n"Anna; A.";"two\r\nlines, ""quoted""";Köln 🎉\r\nBob;"";Zürich\r\n';
    const whole = await csv(content, { fileName: "x.csv", chunkSize: 1 << 20 });
    expect(whole[0]!.rows).toEqual([
      ["Anna; A.", 'two\r\nlines, "quoted"', "Köln 🎉"],
      ["Bob", "", "Zürich"],
    ]);
    for (const chunkSize of [1, 2, 3, 5, 7]) {
      expect(await csv(content, { fileName: "x.csv", chunkSize })).toEqual(whole);
    }
  });

  it("cuts rows into bounded batches", async () => {
    const content =
      "n,text\n" + Array.from({ length: 95 }, (_, index) => `${index},${"z".repeat(index)}`).join("\n");
    const sizes: number[] = [];
    for await (const event of extractTables(streamOf(content, 7), {
      fileName: "b.csv",
      limits: { batchRows: 10, batchChars: 300 },
    })) {
      if (event.kind === "rows") sizes.push(event.rows.length);
    }
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(95);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
    expect(sizes.at(-1)).toBeLessThan(10);
  });

  it("reads only as far as the caller asks, and cancels the stream when the caller stops", async () => {
    let pulls = 0;
    let canceled = false;
    const line = "1,2,3\n";
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => controller.enqueue(new TextEncoder().encode("a,b,c\n")),
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode(line.repeat(100)));
        },
        cancel: () => {
          canceled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const events = extractTables(stream, { fileName: "endless.csv", limits: { batchRows: 50 } });
    const first = await events.next();
    expect(first.value).toMatchObject({ kind: "table" });
    const second = await events.next();
    expect(second.value).toMatchObject({ kind: "rows" });
    // The encoding and delimiter are sniffed from the first 64 KiB; beyond that nothing is read ahead.
    const pullsThen = pulls;
    expect(pullsThen * line.length * 100).toBeLessThan(64 * 1024 + 2 * line.length * 100);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pulls).toBe(pullsThen);
    await events.return();
    expect(canceled).toBe(true);
    expect(pulls).toBe(pullsThen);
  });

  it("reports progress in bytes read, up to the file's size", async () => {
    const content = "a,b\n" + "1,2\n".repeat(500);
    const seen: number[] = [];
    await extractAll(content, {
      fileName: "p.csv",
      size: content.length,
      chunkSize: 100,
      onProgress: ({ bytesRead, bytesTotal }) => {
        expect(bytesTotal).toBe(content.length);
        seen.push(bytesRead);
      },
    });
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(content.length);
  });

  it("reads an AsyncIterable of chunks as well as a ReadableStream", async () => {
    async function* chunks() {
      yield new TextEncoder().encode("a,b\n1,");
      yield new TextEncoder().encode("2\n");
    }
    const events: ExtractEvent[] = [];
    for await (const event of extractTables(chunks(), { fileName: "i.csv" })) events.push(event);
    expect(events.at(-1)).toEqual({ kind: "rows", rows: [["1", "2"]] });
  });
});
