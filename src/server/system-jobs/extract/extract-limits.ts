/** Caps that keep a hostile or broken file from taking the server's memory or time; each ends in an ExtractError. */
export type ExtractLimits = {
  /** Columns of a table (header or any row). */
  maxColumns: number;
  /** Characters of one cell; also bounds a row still open at a chunk's end (an unclosed quote). */
  maxCellChars: number;
  /** XLSX: bytes decompressed in all, across passes. */
  maxUncompressedBytes: number;
  /** XLSX: bytes decompressed per byte read, checked once 4 MiB came out (a zip bomb stops here). */
  maxCompressionRatio: number;
  /** JSON: arrays and objects inside one another (the top-level array is depth 1). */
  maxJsonDepth: number;
  /** A batch ends after this many rows... */
  batchRows: number;
  /** ...or once its cells hold this many characters, whichever comes first. */
  batchChars: number;
};

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxColumns: 1_000,
  maxCellChars: 1024 * 1024,
  maxUncompressedBytes: 1024 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxJsonDepth: 32,
  batchRows: 1_000,
  batchChars: 1024 * 1024,
};
