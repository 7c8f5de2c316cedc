import { dateTimeText } from "../../lib/time-text";

/** A file size people read: "812 B", "14.2 kB", "3.1 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** "12 Oct 2026, 14:05", the dashboard's one date format. */
export const dateText = (iso: string) => dateTimeText(iso);
