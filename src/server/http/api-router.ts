import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { Pagination, Principal } from "../../core";
import { LIMITS } from "../../core";
import { BulkLane } from "../scheduling/bulk-lane";

/** A body from this size up makes a request of a bulk route bulk work; a smaller one (a cell's edit) is interactive. */
export const BULK_BODY_BYTES = 256 * 1024;
import { ApiError, badRequest, payloadTooLarge, validationError } from "./api-error";
import type { TokenAuthority } from "./auth";
import { parseJsonBody } from "./json-body";
import { securedJson } from "./security-headers";

export type AppEnv = { Variables: { principal: Principal } };
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** One route: how it is called, what it reads and returns (core schemas), and who may call it. */
export type RouteSpec<
  B extends z.ZodType | undefined = z.ZodType | undefined,
  Q extends z.ZodType | undefined = z.ZodType | undefined,
> = {
  method: Method;
  /** Hono-style path under /v1, e.g. "/jobs/:jobId/ack". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it, in words, for the reference page. */
  access: string;
  body?: B;
  /** The body may be absent or empty (`{}` is assumed), as Flatfile's client sends for ack and cancel. */
  bodyOptional?: boolean;
  query?: Q;
  /** Schema of `data` in the success body. */
  response?: z.ZodType;
  /** The success body adds `pagination`. */
  paged?: boolean;
  /** No token needed (health, API description). */
  public?: boolean;
  /**
   * A `GET` that also accepts `?signature=` (made by `TokenAuthority.signPath` for this very path) instead of a token,
   * so a browser can follow it as a plain link.
   */
  signable?: boolean;
  /** A non-JSON response (stream, page) described by its content type. */
  produces?: string;
  /**
   * A `multipart/form-data` body that the handler streams itself (the router does not read it): its text fields and
   * the name of its file part, for the API description.
   */
  multipart?: { fields: z.ZodType; file: string };
  /** Largest body this route reads, when it needs more than the API's 1 MiB (record writes); say so in `description`. */
  maxBodyBytes?: number;
  /**
   * Query keys that may repeat (`ids=a&ids=b`, as Flatfile's client sends arrays): such a key's values reach the
   * schema as an array when there are several, as a string when there is one.
   */
  arrayQuery?: readonly string[];
  /**
   * May be bulk work (a 10,000-record write): a request with a body of `BULK_BODY_BYTES` or more has its body parsed
   * and checked as steps of the bulk lane, gets the lane as `bulk` to pace its own steps, and is not counted among
   * the interactive requests the lane makes room for. A smaller one is an interactive request like any other.
   */
  bulk?: boolean;
};

export type RouteInput<B, Q> = {
  c: Context<AppEnv>;
  body: B;
  query: Q;
  principal: Principal;
  params: Record<string, string>;
  /** The bulk lane, when this request is bulk work (see `RouteSpec.bulk`). */
  bulk?: BulkLane;
};

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

/**
 * A route that a server may also answer without Hono (the Node server's fast path for the job calls): a JSON body of
 * at most the API's 1 MiB or none, no query, a token, a JSON answer.
 */
export type HotRouteSpec<B extends z.ZodType | undefined = z.ZodType | undefined> = RouteSpec<
  B,
  undefined
> & {
  query?: undefined;
  public?: undefined;
  signable?: undefined;
  produces?: undefined;
  multipart?: undefined;
  maxBodyBytes?: undefined;
  bulk?: undefined;
};

/** What a hot route's handler reads: a route's input without the Hono context, which the fast path never builds. */
export type HotRouteInput<B> = {
  body: B;
  principal: Principal;
  params: Record<string, string>;
  /** A request header by its lowercase name. */
  header: (name: string) => string | undefined;
};

export type HotRoute = {
  spec: HotRouteSpec;
  handler: (input: HotRouteInput<unknown>) => Promise<{ data: unknown }>;
};
/** A handler's answer: its own Response, or a body sent as JSON with status 200 (a header set with `c.header` goes
 * with a Response of the handler's own, not with a body). */
export type RouteResult = Response | { data: unknown; pagination?: Pagination };

/** The token of an Authorization header's `Bearer <token>`. */
export function bearerOf(header: string): string | undefined {
  return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
}

/** The bearer token of a request: the Authorization header, or `?token=` where a header cannot be sent (EventSource). */
export function bearerToken(c: Context, allowQuery: boolean): string | undefined {
  const header = c.req.header("authorization");
  if (header) return bearerOf(header);
  return allowQuery ? c.req.query("token") : undefined;
}

/** Reads a stream to its end, refusing (413) once more than `limit` bytes have arrived. */
async function readLimited(
  body: ReadableStream<Uint8Array>,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw payloadTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads the body up to the API's limit: a declared Content-Length over it is refused before reading, and a chunked
 * body is counted as it arrives, so an oversized request never sits whole in memory. A gzip body
 * (`Content-Encoding: gzip`, as `@flatfile/api` sends `records.insert(..., { compressRequestBody: true })`) is
 * limited twice: compressed as sent, and again as it inflates.
 */
async function readBodyText(c: Context, limit: number): Promise<string> {
  const encoding = c.req.header("content-encoding")?.trim().toLowerCase();
  const gzip = encoding === "gzip" || encoding === "x-gzip";
  if (encoding && encoding !== "identity" && !gzip)
    throw badRequest(
      `Content-Encoding "${encoding}" is not supported (send gzip or none)`,
      "content-encoding",
    );
  const length = c.req.header("content-length");
  if (length !== undefined) {
    if (Number(length) > limit) throw payloadTooLarge(limit);
    // A declared, small enough length: the runtime's own fast path reads it (Node's adapter skips building a stream).
    if (!gzip) return c.req.text();
  }
  const body = c.req.raw.body;
  if (!body) return "";
  const sent = await readLimited(body, limit);
  if (!gzip) return new TextDecoder().decode(sent);
  try {
    const inflated = new Blob([sent]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new TextDecoder().decode(await readLimited(inflated, limit));
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest(`The gzip body cannot be inflated (${(error as Error).message})`, "content-encoding");
  }
}

/**
 * A hot route's body from its text, checked as every route's is (JSON shape, then its schema); `undefined` for a
 * route that reads no body.
 */
export function hotRouteBody(spec: HotRouteSpec, text: string): unknown {
  return spec.body ? validBody(spec.body, jsonOf(text, spec.bodyOptional ?? false)) : undefined;
}

function jsonOf(text: string, optional: boolean): unknown {
  if (text.trim() !== "") return parseJsonBody(text);
  if (!optional) throw badRequest("A JSON body is required");
  return {};
}

function validBody<B extends z.ZodType>(schema: B, json: unknown): z.output<B> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

/**
 * Registers routes on a Hono app and remembers their specs, so the OpenAPI description is generated from the very
 * schemas that validate requests. Every route is authenticated unless it says `public`, and validates its query
 * and body before the handler runs: a malformed request never reaches a service.
 */
export class ApiRouter {
  readonly routes: RouteSpec[] = [];
  /** The routes added with `addHot`, in the order of `routes`. */
  readonly hotRoutes: HotRoute[] = [];

  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly tokens: TokenAuthority,
    /** Paces bulk routes' work; every other route (streams aside) counts as interactive while it runs. */
    readonly lane: BulkLane = new BulkLane(),
  ) {}

  add<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
    spec: RouteSpec<B, Q>,
    handler: (input: RouteInput<Infer<B>, Infer<Q>>) => Promise<RouteResult>,
  ): void {
    this.routes.push(spec as RouteSpec);
    // A stream's handler returns at once with the stream, so it would count for no time anyway; a bulk route's
    // request counts once its body shows it is small.
    const interactive = !spec.bulk && spec.produces !== "text/event-stream";
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const request = { ended: interactive ? this.lane.interactiveStarted() : undefined };
      try {
        return await this.#handle(spec, handler, c, request);
      } finally {
        request.ended?.();
      }
    });
  }

  /**
   * Adds a route that is answered the same with or without Hono: its handler sees no context, only the body, the
   * caller, the path's parameters and the headers. The Node server answers the hottest calls (a listener's job
   * calls) from these without building a Request or a Response; anywhere else (mock mode) they are routes like any.
   */
  addHot<B extends z.ZodType | undefined>(
    spec: HotRouteSpec<B>,
    handler: (input: HotRouteInput<Infer<B>>) => Promise<{ data: unknown }>,
  ): void {
    this.hotRoutes.push({ spec: spec as HotRouteSpec, handler: handler as HotRoute["handler"] });
    this.add(spec, ({ c, body, principal, params }) =>
      handler({ body, principal, params, header: (name) => c.req.header(name) }),
    );
  }

  async #handle<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
    spec: RouteSpec<B, Q>,
    handler: (input: RouteInput<Infer<B>, Infer<Q>>) => Promise<RouteResult>,
    c: Context<AppEnv>,
    request: { ended?: () => void },
  ): Promise<Response> {
    const signature = spec.signable ? c.req.query("signature") : undefined;
    const principal = spec.public
      ? ({ kind: "operator", subject: "anonymous" } as const)
      : signature
        ? await this.tokens.verifyPath(signature, c.req.path)
        : await this.tokens.authenticate(bearerToken(c, spec.produces === "text/event-stream"));
    let query: unknown = undefined;
    if (spec.query) {
      const raw: Record<string, string | string[]> = c.req.query();
      for (const key of spec.arrayQuery ?? []) {
        const values = c.req.queries(key);
        if (values && values.length > 1) raw[key] = values;
      }
      const parsed = spec.query.safeParse(raw);
      if (!parsed.success) throw validationError(parsed.error, "query");
      query = parsed.data;
    }
    let body: unknown = undefined;
    let bulk: BulkLane | undefined;
    const schema = spec.body;
    if (schema) {
      const text = await readBodyText(c, spec.maxBodyBytes ?? LIMITS.bodyBytes);
      const optional = spec.bodyOptional ?? false;
      if (spec.bulk && text.length >= BULK_BODY_BYTES) {
        bulk = this.lane;
        // Two steps of the lane: parsing a 10,000-record body and checking it each take tens of milliseconds.
        const json = await bulk.run(() => jsonOf(text, optional));
        body = await bulk.run(() => validBody(schema, json));
      } else {
        if (spec.bulk) request.ended = this.lane.interactiveStarted();
        body = validBody(schema, jsonOf(text, optional));
      }
    }
    const result = await handler({
      c,
      body: body as Infer<B>,
      query: query as Infer<Q>,
      principal,
      params: c.req.param() as Record<string, string>,
      ...(bulk ? { bulk } : {}),
    });
    return result instanceof Response ? result : securedJson(JSON.stringify(result));
  }
}
