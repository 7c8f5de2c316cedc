import type { Context, Hono } from "hono";
import type { z } from "zod";
import type { Pagination, Principal } from "../../core";
import { LIMITS } from "../../core";
import { badRequest, payloadTooLarge, validationError } from "./api-error";
import type { TokenAuthority } from "./auth";

export type AppEnv = { Variables: { principal: Principal } };
export type Method = "get" | "post" | "patch" | "delete";

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
  /** A non-JSON response (stream, page) described by its content type. */
  produces?: string;
};

export type RouteInput<B, Q> = {
  c: Context<AppEnv>;
  body: B;
  query: Q;
  principal: Principal;
  params: Record<string, string>;
};

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
export type RouteResult = Response | { data: unknown; pagination?: Pagination };

/** The bearer token of a request: the Authorization header, or `?token=` where a header cannot be sent (EventSource). */
export function bearerToken(c: Context, allowQuery: boolean): string | undefined {
  const header = c.req.header("authorization");
  if (header) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match?.[1];
  }
  return allowQuery ? c.req.query("token") : undefined;
}

/**
 * Reads the body up to the API's limit: a declared Content-Length over it is refused before reading, and a chunked
 * body is counted as it arrives, so an oversized request never sits whole in memory.
 */
async function readBodyText(c: Context): Promise<string> {
  const length = c.req.header("content-length");
  if (length !== undefined) {
    if (Number(length) > LIMITS.bodyBytes) throw payloadTooLarge(LIMITS.bodyBytes);
    // A declared, small enough length: the runtime's own fast path reads it (Node's adapter skips building a stream).
    return c.req.text();
  }
  const body = c.req.raw.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMITS.bodyBytes) {
      await reader.cancel();
      throw payloadTooLarge(LIMITS.bodyBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

async function readJson(c: Context, optional: boolean): Promise<unknown> {
  const text = await readBodyText(c);
  if (text.trim() === "") {
    if (optional) return {};
    throw badRequest("A JSON body is required");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`The body is not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Registers routes on a Hono app and remembers their specs, so the OpenAPI description is generated from the very
 * schemas that validate requests. Every route is authenticated unless it says `public`, and validates its query
 * and body before the handler runs: a malformed request never reaches a service.
 */
export class ApiRouter {
  readonly routes: RouteSpec[] = [];

  constructor(
    private readonly app: Hono<AppEnv>,
    private readonly tokens: TokenAuthority,
  ) {}

  add<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
    spec: RouteSpec<B, Q>,
    handler: (input: RouteInput<Infer<B>, Infer<Q>>) => Promise<RouteResult>,
  ): void {
    this.routes.push(spec as RouteSpec);
    this.app.on(spec.method.toUpperCase(), spec.path, async (c) => {
      const principal = spec.public
        ? ({ kind: "operator", subject: "anonymous" } as const)
        : await this.tokens.authenticate(bearerToken(c, spec.produces === "text/event-stream"));
      let query: unknown = undefined;
      if (spec.query) {
        const parsed = spec.query.safeParse(c.req.query());
        if (!parsed.success) throw validationError(parsed.error, "query");
        query = parsed.data;
      }
      let body: unknown = undefined;
      if (spec.body) {
        const parsed = spec.body.safeParse(await readJson(c, spec.bodyOptional ?? false));
        if (!parsed.success) throw validationError(parsed.error);
        body = parsed.data;
      }
      const result = await handler({
        c,
        body: body as Infer<B>,
        query: query as Infer<Q>,
        principal,
        params: c.req.param() as Record<string, string>,
      });
      return result instanceof Response ? result : c.json(result);
    });
  }
}
