import { describe, expect, it } from "vitest";
import { sseMessage, SseStream } from "./sse-stream";

const decoder = new TextDecoder();

describe("SseStream", () => {
  it("enqueues each write at once, without waiting for the reader", async () => {
    const stream = new SseStream();
    stream.write("a");
    stream.write(new TextEncoder().encode("b"));
    stream.close();
    stream.write("after close");
    const chunks: string[] = [];
    const reader = stream.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read())
      chunks.push(decoder.decode(read.value));
    expect(chunks).toEqual(["a", "b"]);
  });

  it("tells its abort listeners when the reader cancels, and writes nothing after", async () => {
    const stream = new SseStream();
    const heard: string[] = [];
    stream.onAbort(() => heard.push("first"));
    await stream.body.cancel();
    stream.onAbort(() => heard.push("late"));
    expect(stream.aborted).toBe(true);
    expect(heard).toEqual(["first", "late"]);
    expect(() => stream.write("x")).not.toThrow();
  });

  it("holds what is written before a sink takes it, then sends it there in order, and nothing to the body", () => {
    const stream = new SseStream();
    stream.write("a");
    stream.write("b");
    const got: string[] = [];
    const sink = {
      write: (chunk: Uint8Array) => void got.push(decoder.decode(chunk)),
      end: () => got.push("end"),
    };
    expect(stream.divert(sink)).toBe(true);
    stream.write("c");
    stream.close();
    expect(got).toEqual(["a", "b", "c", "end"]);
    expect(stream.divertible).toBe(false);
  });

  it("cannot be diverted once its body is being read", async () => {
    const stream = new SseStream();
    stream.write("a");
    const reader = stream.body.getReader();
    const read = await reader.read();
    expect(decoder.decode(read.value)).toBe("a");
    expect(stream.divert({ write: () => undefined, end: () => undefined })).toBe(false);
    await reader.cancel();
  });

  it("writes a control message with its event, data, id and retry lines", () => {
    expect(sseMessage({ event: "reconnect", data: '{"a":1}', id: "7", retry: 250 })).toBe(
      'event: reconnect\ndata: {"a":1}\nid: 7\nretry: 250\n\n',
    );
    expect(sseMessage({ event: "reset", data: "{}" })).toBe("event: reset\ndata: {}\n\n");
  });
});
