import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { StreamEvent } from "../../../../sdk";
import { importsLiveHandler } from "./imports-live-handler";
import { planKeys } from "./plan-query-options";

const event = (topic: string, jobId: string) =>
  ({ topic, context: { jobId }, payload: {}, createdAt: new Date().toISOString() }) as unknown as StreamEvent;

describe("importsLiveHandler", () => {
  it("reads a shown plan again when its job is updated, and leaves other plans and topics alone", () => {
    const client = new QueryClient();
    client.setQueryData(planKeys.detail("us_jb_shown"), { plan: {} });
    const invalidated: unknown[] = [];
    importsLiveHandler(
      [
        event("job:updated", "us_jb_shown"),
        event("job:updated", "us_jb_other"),
        event("job:ready", "us_jb_shown"),
      ],
      { client, api: {} as never, invalidate: (key) => invalidated.push(key) },
    );
    expect(invalidated).toEqual([planKeys.detail("us_jb_shown")]);
  });
});
