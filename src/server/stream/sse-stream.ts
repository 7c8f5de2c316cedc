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
 * The body of a server-sent-events response, written synchronously: each write is enqueued on the response's own
 * ReadableStream, which the server reads and writes to the socket as chunks come. With hono's `streamSSE` each
 * write went through a TransformStream and a pulling ReadableStream (several promises per chunk), and a subscriber
 * awaited each before the next; with 100 subscribers that ran before the update's own response was written.
 * A client that reads slowly has its chunks queued here, as they were queued in front of the TransformStream before.
 */
export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #abortListeners: (() => void)[] = [];
  /** The client went away (the server cancelled the body). */
  aborted = false;
  /** The stream was ended here. */
  closed = false;

  constructor() {
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => void (this.#controller = controller),
      cancel: () => this.#abort(),
    });
  }

  /** Enqueues a chunk; nothing once the stream is over. */
  write(chunk: Uint8Array | string): void {
    if (this.closed || this.aborted) return;
    this.#controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
  }

  writeMessage(message: SseMessage): void {
    this.write(sseMessage(message));
  }

  /** Runs `listener` when the client goes away (at once if it already has). */
  onAbort(listener: () => void): void {
    if (this.aborted) listener();
    else this.#abortListeners.push(listener);
  }

  close(): void {
    if (this.closed || this.aborted) return;
    this.closed = true;
    this.#controller.close();
  }

  #abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of this.#abortListeners.splice(0)) listener();
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
