import { ServerResponse, type OutgoingHttpHeaders } from "node:http";
import { RESPONSE_ALREADY_SENT } from "@hono/node-server/utils/response";
import { sseStreamOf, type SseSink, type SseStream } from "../stream/sse-stream";

/** What @hono/node-server passes the app as its environment: the request and response it serves. */
type NodeBindings = { outgoing?: unknown };
type Fetch = (request: Request, env?: NodeBindings) => Response | Promise<Response>;

/** Past this many bytes waiting in a subscriber's response, a replay waits for the client to take them. */
export const SSE_ROOM_BYTES = 256 * 1024;
/**
 * Past this many bytes waiting in a subscriber's response, the client is dropped: live events cannot wait for one
 * reader, and holding them without limit lets one stalled client take the instance's memory. It reconnects with
 * `Last-Event-ID` and reads what it missed from the log.
 */
export const SSE_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * The Node server's direct path for event streams: the app answers the request as on any runtime (auth, validation,
 * caps, replay, headers from every middleware), and when its answer is an event stream, the server writes the head
 * and then each chunk straight to the `ServerResponse`, one `res.write` per chunk, in the commit listener that fans an
 * event out. The adapter would read the body's ReadableStream instead, a promise turn per chunk per subscriber.
 * Anything else, and a stream whose body something else already reads or wrapped, goes on to the adapter untouched.
 */
export function streamsDirect(fetch: Fetch): Fetch {
  const take = (response: Response, env: NodeBindings | undefined): Response => {
    const res = env?.outgoing;
    if (!(res instanceof ServerResponse) || res.headersSent || res.destroyed) return response;
    // The body only of an event stream: reading it turns the adapter's lightweight Response into a full one, which
    // it then answers the slow way.
    if (!response.headers.get("content-type")?.startsWith("text/event-stream")) return response;
    const stream = sseStreamOf(response.body);
    if (!stream?.divertible) return response;
    // The head as the adapter writes it (flushed on its own), then what the stream holds, then each chunk as written.
    res.writeHead(response.status, headersOf(response.headers));
    res.flushHeaders();
    stream.divert(new ResponseSink(res, stream));
    return RESPONSE_ALREADY_SENT;
  };
  return (request, env) => {
    const response = fetch(request, env);
    return response instanceof Promise
      ? response.then((answered) => take(answered, env))
      : take(response, env);
  };
}

/** The response's headers as @hono/node-server hands them to `writeHead`: lower-case names, cookies apart. */
function headersOf(headers: Headers): OutgoingHttpHeaders {
  const record: OutgoingHttpHeaders = {};
  const cookies: string[] = [];
  for (const [name, value] of headers) {
    if (name === "set-cookie") cookies.push(value);
    else record[name] = value;
  }
  if (cookies.length > 0) record["set-cookie"] = cookies;
  return record;
}

/** A subscriber's response as a stream's sink: written at once, dropped when its client goes or falls too far behind. */
class ResponseSink implements SseSink {
  constructor(
    private readonly res: ServerResponse,
    private readonly stream: SseStream,
  ) {
    const gone = () => stream.abort();
    res.once("close", gone);
    // A listener for every error, not one: an 'error' nobody hears would throw.
    res.on("error", gone);
  }

  write(chunk: Uint8Array): void {
    const res = this.res;
    if (res.destroyed) return;
    res.write(chunk);
    if (res.writableLength > SSE_MAX_BUFFERED_BYTES) {
      res.destroy();
      this.stream.abort();
    }
  }

  end(): void {
    if (!this.res.destroyed) this.res.end();
  }

  room(): Promise<void> | undefined {
    const res = this.res;
    if (res.destroyed || res.writableLength <= SSE_ROOM_BYTES) return undefined;
    return new Promise((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
  }
}
