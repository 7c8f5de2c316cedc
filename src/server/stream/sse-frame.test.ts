import { createParser, type EventSourceMessage } from "eventsource-parser";
import { describe, expect, it } from "vitest";
import type { Event } from "../../core";
import { sseFrame } from "./sse-frame";

const event: Event = {
  id: "us_evt_1",
  topic: "job:updated",
  domain: "job",
  context: { accountId: "us_acc_1", environmentId: "us_env_1", jobId: "us_jb_1" },
  payload: { info: "line one\nline two\r\nthree", progress: 5 },
  createdAt: "2024-01-01T00:00:00.000Z",
  position: 42,
};

describe("sseFrame", () => {
  it("is one message with the event as its data and its position as its id, line breaks included", () => {
    const messages: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (message) => messages.push(message) });
    parser.feed(new TextDecoder().decode(sseFrame(event)));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.id).toBe("42");
    expect(JSON.parse(messages[0]?.data ?? "")).toEqual(event);
  });

  it("is built once per event, for every subscriber that sends it", () => {
    expect(sseFrame(event)).toBe(sseFrame(event));
    expect(sseFrame({ ...event })).not.toBe(sseFrame(event));
  });
});
