import type { Event } from "../../core";

const encoder = new TextEncoder();

/** Each event's frame, built once however many subscribers send it. */
const frames = new WeakMap<Event, Uint8Array>();

/**
 * The server-sent-events message of one event (`data:` the event as JSON, `id:` its position), encoded. Built and
 * encoded once per event and shared by every subscriber: hono's `writeSSE` splits, joins and encodes the text again for
 * each one, which with 100 subscribers was most of the time between a commit and its last delivery. JSON text never
 * holds a raw line break, so the event is one `data:` line.
 */
export function sseFrame(event: Event): Uint8Array {
  let frame = frames.get(event);
  if (frame === undefined) {
    frame = encoder.encode(`data: ${JSON.stringify(event)}\nid: ${event.position}\n\n`);
    frames.set(event, frame);
  }
  return frame;
}
