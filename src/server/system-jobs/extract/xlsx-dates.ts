/** How a number format shows a cell's number: as a date, a time, or both (Excel keeps dates as day counts). */
export type DateKind = "date" | "time" | "datetime";

/** Built-in number formats (ECMA-376 18.8.30) that show dates or times; 27-36 and 50-58 are East Asian dates. */
function builtInKind(id: number): DateKind | undefined {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return "date";
  if (id === 22) return "datetime";
  if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47)) return "time";
  return undefined;
}

export function dateKindOfFormat(id: number, code: string | undefined): DateKind | undefined {
  if (code === undefined) return builtInKind(id);
  // Elapsed durations ([h]:mm) are numbers of hours, not times of day.
  if (/\[[hms]+\]/i.test(code)) return undefined;
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/\[[^\]]*\]/g, "")
    .split(";")[0]!;
  const time = /[hs]/i.test(bare);
  const date = /[dy]/i.test(bare) || (/m/i.test(bare) && !time);
  if (date && time) return "datetime";
  if (date) return "date";
  return time ? "time" : undefined;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** An Excel day count as ISO 8601 text ("2024-03-01", "13:45:00", "2024-03-01T13:45:00"), to the second. */
export function excelDateText(serial: number, kind: DateKind, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return undefined;
  const ms = (date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(serial * 86_400) * 1000;
  const iso = new Date(ms).toISOString();
  if (kind === "date") return iso.slice(0, 10);
  if (kind === "time") return new Date(ms % DAY_MS).toISOString().slice(11, 19);
  return iso.slice(0, 19);
}
