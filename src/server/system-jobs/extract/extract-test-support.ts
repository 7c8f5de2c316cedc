import { strToU8, zipSync } from "fflate";
import type { ExtractColumn } from "./column-names";
import type { ExtractTableStart } from "./extract-events";
import { type ExtractOptions, extractTables } from "./extract-tables";

/** Test helpers: files as streams in chunks of any size, and extraction results gathered per table. */

export function streamOf(content: Uint8Array | string, chunkSize = 1024): ReadableStream<Uint8Array> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

export type ExtractedTable = Omit<ExtractTableStart, "kind" | "columns"> & {
  columns: ExtractColumn[];
  labels: string[];
  rows: string[][];
};

export async function extractAll(
  content: Uint8Array | string,
  options: ExtractOptions & { chunkSize?: number },
): Promise<ExtractedTable[]> {
  const tables: ExtractedTable[] = [];
  for await (const event of extractTables(() => streamOf(content, options.chunkSize), options)) {
    if (event.kind === "table") {
      const { kind: _kind, ...table } = event;
      tables.push({ ...table, labels: table.columns.map((column) => column.label), rows: [] });
      continue;
    }
    const table = tables.at(-1)!;
    if (event.kind === "columns") {
      table.columns = event.columns;
      table.labels = event.columns.map((column) => column.label);
    } else {
      for (const row of event.rows) {
        if (row.length !== table.columns.length)
          throw new Error(`row of ${row.length} cells for ${table.columns.length} columns`);
        table.rows.push(row);
      }
    }
  }
  return tables;
}

/** Windows-1252 bytes of Latin-1 text (every character below U+0100). */
export function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

export function utf16(text: string, endian: "le" | "be", bom: boolean): Uint8Array {
  const units = (bom ? "\ufeff" : "") + text;
  const bytes = new Uint8Array(units.length * 2);
  for (let index = 0; index < units.length; index++) {
    const code = units.charCodeAt(index);
    bytes[index * 2 + (endian === "le" ? 0 : 1)] = code & 0xff;
    bytes[index * 2 + (endian === "le" ? 1 : 0)] = code >> 8;
  }
  return bytes;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");

export type SheetSpec = { name: string; xml: string };

/** The XML of a worksheet whose cells are inline strings or (for numbers) numbers, row by row from A1. */
export function sheetXml(rows: (string | number | null)[][]): string {
  const cells = rows.map((row, rowIndex) => {
    const inner = row
      .map((value, column) => {
        if (value === null) return "";
        const ref = `${String.fromCharCode(65 + column)}${rowIndex + 1}`;
        return typeof value === "number"
          ? `<c r="${ref}"><v>${value}</v></c>`
          : `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;
      })
      .join("");
    return `<row r="${rowIndex + 1}">${inner}</row>`;
  });
  return worksheet(cells.join(""));
}

export function worksheet(sheetData: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetData}</sheetData></worksheet>`;
}

/**
 * A minimal XLSX file. `order` "excel" puts the sheets before the shared strings and styles, as Excel does; "parts
 * first" puts them after. Extra entries (path -> XML) are added as given.
 */
export function buildXlsx(
  sheets: SheetSpec[],
  options: {
    sharedStrings?: string[];
    styles?: string;
    order?: "excel" | "parts first";
    extra?: Record<string, string>;
    date1904?: boolean;
  } = {},
): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const workbook = `<?xml version="1.0"?><workbook ${ns} xmlns:r="${rel}">${options.date1904 ? '<workbookPr date1904="1"/>' : ""}<sheets>${sheets
    .map(
      (sheet, index) =>
        `<sheet name="${escapeXml(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`,
    )
    .join("")}</sheets></workbook>`;
  const relationships = [
    ...sheets.map(
      (_, index) =>
        `<Relationship Id="rId${index + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${index + 1}.xml"/>`,
    ),
    options.sharedStrings
      ? `<Relationship Id="rIdS" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>`
      : "",
    options.styles ? `<Relationship Id="rIdT" Type="${rel}/styles" Target="styles.xml"/>` : "",
  ].join("");
  const parts: Record<string, string> = {
    "xl/workbook.xml": workbook,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relationships}</Relationships>`,
  };
  const sheetParts = Object.fromEntries(
    sheets.map((sheet, index) => [`xl/worksheets/sheet${index + 1}.xml`, sheet.xml]),
  );
  const extraParts: Record<string, string> = {};
  if (options.sharedStrings) {
    extraParts["xl/sharedStrings.xml"] = `<?xml version="1.0"?><sst ${ns}>${options.sharedStrings
      .map((text) => `<si><t xml:space="preserve">${escapeXml(text)}</t></si>`)
      .join("")}</sst>`;
  }
  if (options.styles) extraParts["xl/styles.xml"] = options.styles;
  const ordered =
    options.order === "parts first"
      ? { ...parts, ...extraParts, ...sheetParts, ...options.extra }
      : { ...parts, ...sheetParts, ...extraParts, ...options.extra };
  return zipSync(Object.fromEntries(Object.entries(ordered).map(([path, xml]) => [path, strToU8(xml)])));
}
