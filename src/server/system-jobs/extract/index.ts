export { type ByteStream, type ExtractSource } from "./byte-reader";
export { type ExtractColumn } from "./column-names";
export { ExtractError } from "./extract-error";
export type {
  ExtractColumnsGrown,
  ExtractEvent,
  ExtractFormat,
  ExtractRows,
  ExtractTableStart,
} from "./extract-events";
export { extractFormatOf } from "./extract-format";
export { DEFAULT_EXTRACT_LIMITS, type ExtractLimits } from "./extract-limits";
export { type ExtractOptions, extractTables } from "./extract-tables";
