import { type EntrySink, xmlEntry } from "./xml-entry";
import { dateKindOfFormat, type DateKind } from "./xlsx-dates";

export type WorkbookSheet = { name: string; relationId: string };
export type Workbook = { sheets: WorkbookSheet[]; date1904: boolean };
export type Relationship = { id: string; type: string; target: string };

/** `xl/workbook.xml`: the sheets in order, with their names, and the date system. */
export function workbookEntry(entryName: string, done: (workbook: Workbook) => void): EntrySink {
  const workbook: Workbook = { sheets: [], date1904: false };
  return xmlEntry(entryName, {
    open(name, attributes) {
      if (name === "sheet") {
        const relationId =
          attributes["r:id"] ?? Object.entries(attributes).find(([key]) => key.endsWith(":id"))?.[1];
        if (relationId) workbook.sheets.push({ name: attributes["name"] ?? "", relationId });
      } else if (name === "workbookPr") {
        workbook.date1904 = attributes["date1904"] === "1" || attributes["date1904"] === "true";
      }
    },
    end: () => done(workbook),
  });
}

/** A `.rels` entry; targets are resolved against `base` (the folder of the part they belong to). */
export function relationshipsEntry(
  entryName: string,
  base: string,
  done: (relationships: Relationship[]) => void,
): EntrySink {
  const relationships: Relationship[] = [];
  return xmlEntry(entryName, {
    open(name, attributes) {
      if (name !== "Relationship" || attributes["TargetMode"] === "External") return;
      const { Id: id, Type: type, Target: target } = attributes;
      if (id && type && target) relationships.push({ id, type, target: resolvePart(base, target) });
    },
    end: () => done(relationships),
  });
}

/** `xl/sharedStrings.xml`: the text of each `<si>`, rich-text runs joined, phonetic guides (`<rPh>`) left out. */
export function sharedStringsEntry(
  entryName: string,
  push: (text: string) => void,
  done: () => void,
): EntrySink {
  let text = "";
  let inText = false;
  let inPhonetic = false;
  return xmlEntry(entryName, {
    open(name) {
      if (name === "si") text = "";
      else if (name === "t") inText = !inPhonetic;
      else if (name === "rPh") inPhonetic = true;
    },
    close(name) {
      if (name === "si") push(text);
      else if (name === "t") inText = false;
      else if (name === "rPh") inPhonetic = false;
    },
    text(value) {
      if (inText) text += value;
    },
    end: done,
  });
}

/** `xl/styles.xml`: per cell style (`<c s="3">`), whether its number format shows a date, a time or both. */
export function stylesEntry(
  entryName: string,
  done: (dateKinds: (DateKind | undefined)[]) => void,
): EntrySink {
  const formats = new Map<number, string>();
  const styleFormats: number[] = [];
  let inCellXfs = false;
  return xmlEntry(entryName, {
    open(name, attributes) {
      if (name === "numFmt") formats.set(Number(attributes["numFmtId"]), attributes["formatCode"] ?? "");
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) styleFormats.push(Number(attributes["numFmtId"] ?? 0));
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
    end: () => done(styleFormats.map((id) => dateKindOfFormat(id, formats.get(id)))),
  });
}

/** "worksheets/sheet1.xml" in "xl" -> "xl/worksheets/sheet1.xml"; "/xl/x.xml" -> "xl/x.xml"; "../a" goes up. */
export function resolvePart(base: string, target: string): string {
  const parts = target.startsWith("/") ? [] : base.split("/").filter(Boolean);
  for (const part of target.split("/")) {
    if (part === "..") parts.pop();
    else if (part && part !== ".") parts.push(part);
  }
  return parts.join("/");
}
