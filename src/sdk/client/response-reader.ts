import type { ResponseName } from "./response-schemas";

/** The three shapes of a success body: `{ data }`, `{ data: [...], pagination }`, `{ data, pagination }`. */
export type BodyShape = "data" | "page" | "pagedData";

/** A body read, or why it could not be: where and what (the first issue). */
export type ReadResult =
  { ok: true; value: unknown } | { ok: false; where: string; message: string; cause: unknown };

/**
 * How a client reads a success body whose `data` the endpoint names: checked with core's schemas
 * (`checkedResponses`, what `createClient` does) or taken as sent (`responsesAsSent`).
 */
export type ResponseReader = (shape: BodyShape, name: ResponseName, body: unknown) => ReadResult;

/**
 * Takes a body as the server sent it. For the dashboard, which its own server answers with the very schemas of
 * core: checking them again cost the first page zod and every schema (about 30 KB gzip).
 */
export const responsesAsSent: ResponseReader = (_shape, _name, body) => ({ ok: true, value: body });
