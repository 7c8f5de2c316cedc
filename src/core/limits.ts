// Apart from the schemas (schemas/common.ts re-exports them), so that code the dashboard's first page runs can use
// them without loading zod.

/** Upper bounds for strings, so an over-long value is a 400 and not a bloated row. */
export const LIMITS = {
  id: 64,
  name: 255,
  label: 255,
  info: 2_000,
  message: 10_000,
  operation: 128,
  /** Largest JSON body the API reads (files have their own, streamed limit). */
  bodyBytes: 1024 * 1024,
  pageSizeMax: 1_000,
  pageSizeDefault: 50,
} as const;
