import { extensionOf } from "../../files/media-types";
import type { ExtractFormat } from "./extract-events";

const BY_EXTENSION: Record<string, ExtractFormat> = {
  csv: "csv",
  txt: "csv",
  psv: "csv",
  tsv: "tsv",
  tab: "tsv",
  json: "json",
  xlsx: "xlsx",
  xlsm: "xlsx",
};

const BY_MEDIA_TYPE: Record<string, ExtractFormat> = {
  "text/csv": "csv",
  "application/csv": "csv",
  "text/tab-separated-values": "tsv",
  "application/json": "json",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
};

/**
 * The format the platform extracts a file as, from its name's extension (its media type when the name has no known
 * extension), or undefined when the platform does not parse it and leaves it to listeners. Cheap, without the bytes:
 * what decides whether an uploaded file gets a `file:extract` job. The bytes may still turn out to be something else;
 * extraction then looks at them (a zip is read as XLSX) or ends in an ExtractError.
 */
export function extractFormatOf(fileName: string, mediaType?: string): ExtractFormat | undefined {
  const byName = BY_EXTENSION[extensionOf(fileName)];
  if (byName) return byName;
  const essence = mediaType?.split(";")[0]?.trim().toLowerCase();
  return essence ? BY_MEDIA_TYPE[essence] : undefined;
}

/** What the first bytes say, when they say something for sure. */
export function sniffContainer(head: Uint8Array): "zip" | "ole" | undefined {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "zip";
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return "ole";
  return undefined;
}
