import { LIMITS, withoutUnsafeNameParts, type SpaceFile } from "../../../core";
import { extensionOf } from "../../files/media-types";

// What a file name may not hold (core's `FileName`): path separators and control characters.
// eslint-disable-next-line no-control-regex
const NOT_IN_FILE_NAMES = /[/\\\u0000-\u001f\u007f]/g;

/**
 * The name of an export's file: the sheet's or workbook's name and the day (UTC) it was made, "Contacts
 * 2026-12-06.csv", made a plain file name (no separators, control characters, direction controls or leading dots)
 * that fits the limit.
 */
export function exportFileName(baseName: string, now: Date, extension: "csv" | "zip"): string {
  const suffix = ` ${now.toISOString().slice(0, 10)}.${extension}`;
  const base =
    baseName
      .replace(NOT_IN_FILE_NAMES, " ")
      .replace(/^[\s.]+/, "")
      .trim() || "Export";
  return withoutUnsafeNameParts(base.slice(0, LIMITS.name - suffix.length).trimEnd() + suffix);
}

/** The name of one sheet's CSV inside a workbook's zip, unique among the names already given (never a device name). */
export function entryName(sheetName: string, taken: Set<string>): string {
  const base =
    withoutUnsafeNameParts(sheetName.replace(NOT_IN_FILE_NAMES, " "))
      .replace(/^[\s.]+/, "")
      .trim() || "Sheet";
  let name = `${base}.csv`;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} (${n}).csv`;
  taken.add(name.toLowerCase());
  return name;
}

/** The row of an export's file, complete once its bytes are stored: mode `export`, in the job's space. */
export function exportFileRow(
  file: Pick<SpaceFile, "id" | "spaceId" | "environmentId" | "name" | "mimetype" | "size" | "workbookId"> & {
    sheetId?: string;
  },
  now: string,
): SpaceFile {
  return {
    ...file,
    ext: extensionOf(file.name),
    encoding: "utf-8",
    bytesReceived: file.size,
    status: "complete",
    mode: "export",
    actions: [],
    createdAt: now,
    updatedAt: now,
  };
}
