import type { Context } from "hono";

const encoder = new TextEncoder();

/** A control message (`event:` name, one line of data, optional `id:` and `retry:`). */
export type SseMessage = { event: string; data: string; id?: string; retry?: number };

/** The text of a control message; its data is JSON, which never holds a raw line break. */
export function sseMessage({ event, data, id, retry }: SseMessage): string {
  return (
    `event: ${event}\ndata: ${data}\n` +
    (id === undefined ? "" : `id: ${id}\n`) +
    (retry === undefined ? "" : `retry: ${retry}\n`) +
    "\n"
  );
}

/**
 * Where a stream's chunks go: the response body's own ReadableStream (any runtime), or on the Node server the
 * response itself (`node/direct-sse.ts`), which saves a promise turn per chunk per subscriber.
 */
export type SseSink = {
  write(chunk: Uint8Array): void;
  end(): void;
  /** A promise that settles once the client has taken what is buffered for it; none when little is. */
  room?(): Promise<void> | undefined;
};

/** Each stream by its response body, so the Node server can find the stream behind a response the app answered. */
const streamsByBody = new WeakMap<ReadableStream<Uint8Array>, SseStream>();

/** The event stream whose body `body` is, if it is one. */
export function sseStreamOf(body: ReadableStream<Uint8Array> | null): SseStream | undefined {
  return body ? streamsByBody.get(body) : undefined;
}

/**
 * The body of a server-sent-events response, written synchronously. What is written before anything takes the
 * stream is held; then it goes, in order, to whichever sink takes it first: the response body's ReadableStream when
 * the server starts reading it (hono's `streamSSE` put a TransformStream and a pulling ReadableStream in between, and
 * each subscriber awaited every write), or a sink `divert` hands it to.
 */
export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #sink: SseSink | undefined;
  /** Written before a sink took the stream. */
  #held: Uint8Array[] = [];
  #abortListeners: (() => void)[] = [];
  /** The client went away. */
  aborted = false;
  /** The stream was ended here. */
  closed = false;

  constructor() {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => void (this.#controller = controller),
        // The first read takes the stream for the body; later reads find chunks enqueued as they were written.
        pull: () => {
          if (!this.#sink)
            this.#take({
              write: (chunk) => this.#controller.enqueue(chunk),
              end: () => this.#controller.close(),
            });
        },
        cancel: () => this.abort(),
      },
      // No chunk is asked for before the server reads: until then, a diverted stream's chunks stay held here.
      { highWaterMark: 0 },
    );
    streamsByBody.set(this.body, this);
  }

  /** Nothing took the stream yet (its body is not being read) and its client is still there. */
  get divertible(): boolean {
    return !this.#sink && !this.aborted;
  }

  /** Sends the stream to `sink` instead of its body, from its first chunk on; false when it is not `divertible`. */
  divert(sink: SseSink): boolean {
    if (!this.divertible) return false;
    this.#take(sink);
    return true;
  }

  /** Writes a chunk (holds it until a sink takes the stream); nothing once the stream is over. */
  write(chunk: Uint8Array | string): void {
    if (this.closed || this.aborted) return;
    const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
    if (this.#sink) this.#sink.write(bytes);
    else this.#held.push(bytes);
  }

  writeMessage(message: SseMessage): void {
    this.write(sseMessage(message));
  }

  /** Settles once the client has taken most of what was written to it (at once, `undefined`, when it has). */
  room(): Promise<void> | undefined {
    return this.closed || this.aborted ? undefined : this.#sink?.room?.();
  }

  /** Runs `listener` when the client goes away (at once if it already has). */
  onAbort(listener: () => void): void {
    if (this.aborted) listener();
    else this.#abortListeners.push(listener);
  }

  close(): void {
    if (this.closed || this.aborted) return;
    this.closed = true;
    this.#sink?.end();
  }

  /** The client went away (or was dropped): nothing more is written, and the abort listeners run. */
  abort(): void {
    if (this.aborted || this.closed) return;
    this.aborted = true;
    this.#held = [];
    for (const listener of this.#abortListeners.splice(0)) listener();
  }

  #take(sink: SseSink): void {
    this.#sink = sink;
    const held = this.#held;
    this.#held = [];
    for (const chunk of held) sink.write(chunk);
    if (this.closed) sink.end();
  }
}

/** Answers `c` with an event stream that `run` writes; the stream ends when `run` settles. */
export function sseResponse(c: Context, run: (stream: SseStream) => Promise<void>): Response {
  const stream = new SseStream();
  void run(stream)
    .catch((error: unknown) => console.error("event stream failed", error))
    .finally(() => stream.close());
  c.header("Content-Type", "text/event-stream");
  c.header("Transfer-Encoding", "chunked");
  c.header("Connection", "keep-alive");
  return c.newResponse(stream.body);
}
