import type { IncomingMessage, Server, ServerOptions, ServerResponse } from "node:http";

/** How long a client may take; 0 turns one off. */
export type HttpTimeouts = {
  /** To send the request line and headers. */
  headersMs: number;
  /** To send the whole body of a request other than a file upload. */
  bodyMs: number;
  /** To send a whole file upload (a large file on a slow link takes long). */
  uploadMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
};

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  bodyMs: 30_000,
  uploadMs: 3_600_000,
  keepAliveMs: 5_000,
};

/** The routes whose bodies may take longer than `bodyMs`: file uploads. */
export function isUpload(req: IncomingMessage): boolean {
  return req.method === "POST" && (req.url ?? "").split("?")[0] === "/v1/files";
}

/**
 * Node's own limits. `requestTimeout` covers the whole request, uploads included, so it is the upload's; the shorter
 * limit for other bodies is `limitBodyTime`'s. Node checks both only every `connectionsCheckingInterval` (30 s by
 * default), which would let a slow client hold a connection for up to that much longer than the limit says.
 */
export function timeoutServerOptions(timeouts: HttpTimeouts): ServerOptions {
  const shortest = Math.min(...[timeouts.headersMs, timeouts.bodyMs].filter((ms) => ms > 0), 4_000);
  const requestTimeout = timeouts.uploadMs > 0 ? Math.max(timeouts.uploadMs, timeouts.headersMs) : 0;
  return {
    headersTimeout: timeouts.headersMs,
    requestTimeout,
    keepAliveTimeout: timeouts.keepAliveMs,
    connectionsCheckingInterval: Math.max(50, Math.floor(shortest / 4)),
  };
}

function refuseSlowBody(res: ServerResponse, bodyMs: number): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    errors: [{ message: `The request body did not arrive within ${bodyMs / 1000} s` }],
  });
  res.writeHead(408, { "content-type": "application/json", connection: "close" });
  // The rest of the body is never read: close once the answer is out.
  res.end(body, () => res.destroy());
}

/**
 * Cuts a request (408, then the connection) whose body has not fully arrived `bodyMs` after its headers, unless it
 * is an upload; an unfinished body otherwise holds a socket and a handler for as long as the client likes.
 */
export function limitBodyTime(server: Server, bodyMs: number): void {
  if (bodyMs <= 0) return;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.complete || isUpload(req)) return;
    const timer = setTimeout(() => {
      if (!req.complete && !res.writableFinished) refuseSlowBody(res, bodyMs);
    }, bodyMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    req.once("end", clear);
    res.once("close", clear);
  });
}
