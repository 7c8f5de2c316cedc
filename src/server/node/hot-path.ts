import type { IncomingMessage, ServerResponse } from "node:http";
import { LIMITS } from "../../core";
import type { HotApi } from "../app";
import { bearerOf, hotRouteBody, type HotRoute } from "../http/api-router";
import { errorAnswer } from "../http/error-response";
import { SECURED_JSON_HEADERS, securedErrorHeaders } from "../http/security-headers";
import { writtenJobJson } from "../store/job-json";

/** Answers a request and says so, or says it is not one of its own (the app then answers it). */
export type HotPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** One route of the app, as its path's segments: a string must match as it is, `null` is a parameter. */
type Pattern = { method: string; segments: (string | null)[]; names: string[]; hot?: HotRoute };

/** A segment the app would read exactly as sent: no escapes to decode, no dots to resolve. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_-]+$/;
/** A Host header @hono/node-server takes without parsing the URL (others it may refuse or normalise). */
const PLAIN_HOST = /^[a-z0-9._-]+(?::(?:[1-5]\d{3,4}|[6-9]\d{3}))?$/;
/** A Content-Length the body limit can be checked against before reading. */
const PLAIN_LENGTH = /^\d{1,9}$/;

const decoder = new TextDecoder();

function patternOf(method: string, path: string, hot: HotRoute | undefined): Pattern {
  const names: string[] = [];
  const segments = path
    .split("/")
    .slice(1)
    .map((part) => {
      if (!part.startsWith(":")) return part;
      names.push(part.slice(1));
      return null;
    });
  return { method: method.toUpperCase(), segments, names, ...(hot ? { hot } : {}) };
}

/** The first of the app's routes that `path` (under /v1) matches, with its parameters, as Hono would pick it. */
function match(
  patterns: readonly Pattern[],
  method: string,
  parts: readonly string[],
): { pattern: Pattern; params: Record<string, string> } | undefined {
  for (const pattern of patterns) {
    if (pattern.method !== method || pattern.segments.length !== parts.length) continue;
    if (!pattern.segments.every((segment, i) => segment === null || segment === parts[i])) continue;
    const params: Record<string, string> = {};
    let name = 0;
    pattern.segments.forEach((segment, i) => {
      if (segment === null) params[pattern.names[name++] as string] = parts[i] as string;
    });
    return { pattern, params };
  }
  return undefined;
}

/** The whole body, or a rejection when the client goes away first. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once("error", reject);
    req.once("close", () => {
      if (!req.complete) reject(new Error("The client went away before its body arrived"));
    });
  });
}

/**
 * The Node server's fast path for the API's hot routes (`ApiRouter.addHot`: creating a job and a listener's job calls,
 * 13 of them in every job's life): it reads the body from the socket and answers with `writeHead`/`end`, without the
 * WHATWG Request and Response the adapter builds, Hono's routing and its middleware. It calls the route's own
 * handler after the same checks (the secret key, the body's size, JSON shape and schema), answers the same bodies,
 * statuses and headers, and maps errors with the app's own `errorAnswer`.
 *
 * It takes only what it can answer exactly as the app would, and leaves every other request to the app untouched:
 * the secret key alone (a token's rights, its rate limit and the limiter's headers stay the app's; so does the
 * secret key when it is rate limited), a declared body within the API's limit with no Content-Encoding, a plain path
 * without a query, a plain Host, and no drain under way.
 */
export function hotPath(api: HotApi): HotPath {
  const hot = new Map<unknown, HotRoute>(api.router.hotRoutes.map((route) => [route.spec, route]));
  // Every route of the app, in its order: a hot route is taken only when the app would pick it too.
  const patterns = api.router.routes.map((spec) => patternOf(spec.method, spec.path, hot.get(spec)));
  const methods = new Set(api.router.hotRoutes.map((route) => route.spec.method.toUpperCase()));

  return (req, res) => {
    const url = req.url;
    const method = req.method;
    if (api.secretKeyThrottled || api.drain.draining || !method || !methods.has(method)) return false;
    if (!url?.startsWith("/v1/")) return false;
    const parts = url.slice(4).split("/");
    if (!parts.every((part) => PLAIN_SEGMENT.test(part))) return false;
    const headers = req.headers;
    const length = headers["content-length"];
    if (length === undefined || !PLAIN_LENGTH.test(length) || Number(length) > LIMITS.bodyBytes) return false;
    if (headers["content-encoding"] !== undefined || headers["transfer-encoding"] !== undefined) return false;
    if (!headers.host || !PLAIN_HOST.test(headers.host)) return false;
    const token = headers.authorization === undefined ? undefined : bearerOf(headers.authorization);
    if (token === undefined || !api.tokens.isSecretKey(token)) return false;
    const found = match(patterns, method, parts);
    const route = found?.pattern.hot;
    if (!found || !route) return false;
    void answer(api, route, found.params, req, res);
    return true;
  };
}

async function answer(
  api: HotApi,
  route: HotRoute,
  params: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let text: string;
  try {
    text = decoder.decode(await readBody(req));
  } catch {
    // The client is gone (or the body timed out and was answered): nothing is left to answer.
    return;
  }
  const ended = api.router.lane.interactiveStarted();
  let status = 200;
  let body: string;
  let headers: Readonly<Record<string, string>> = SECURED_JSON_HEADERS;
  try {
    const principal = await api.tokens.authenticate(bearerOf(req.headers.authorization ?? ""));
    const result = await route.handler({
      body: hotRouteBody(route.spec, text),
      principal,
      params,
      header: (name) => headerValue(req, name),
    });
    body = answerJson(result);
  } catch (error) {
    const refused = errorAnswer(error as Error);
    status = refused.status;
    body = refused.body;
    headers = securedErrorHeaders(refused.headers);
  } finally {
    ended();
  }
  if (res.writableEnded || res.destroyed) return;
  if (api.drain.draining) headers = { ...headers, connection: "close" };
  res.writeHead(status, { ...headers, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/**
 * `JSON.stringify(result)`, byte for byte. A job call answers `{ data: job }` with the job object its transaction
 * just wrote, whose JSON the store made for the write: it is used as it is rather than made again.
 */
function answerJson(result: unknown): string {
  if (typeof result === "object" && result !== null) {
    const data = (result as { data?: unknown }).data;
    const json = typeof data === "object" && data !== null ? writtenJobJson(data) : undefined;
    if (json !== undefined && Object.keys(result).length === 1) return `{"data":${json}}`;
  }
  return JSON.stringify(result);
}

/** A header as the Fetch API reads it: several values joined with ", ". */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
