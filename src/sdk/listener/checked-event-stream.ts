import { Event } from "../../core";
import { EventStreamBase, type EventReader, type EventStreamOptions, type StreamEvent } from "./event-stream";

const StreamEventSchema = Event.loose();

/** Core's `Event`, keeping any field a newer server adds. */
const checkedEvent: EventReader = (value) => {
  const parsed = StreamEventSchema.safeParse(value);
  return parsed.success
    ? { ok: true, event: parsed.data as StreamEvent }
    : { ok: false, message: parsed.error.issues[0]?.message ?? "invalid" };
};

/** The SDK's event stream ({@link EventStreamBase}): each message checked with core's `Event` schema. */
export class EventStream extends EventStreamBase {
  constructor(options: EventStreamOptions) {
    super(options, checkedEvent);
  }
}
