/**
 * Listener matching as the spec states it (after `@flatfile/listener`), checked through real events of a real server:
 * each case registers a handler, the test produces workbook, sheet, record and job events, and every handler must
 * have received exactly the events the case's hand-written predicate selects from the log.
 */
import { describe, expect, it } from "vitest";
import type { EventFilter } from "../../core";
import { memoryLogger, waitFor } from "../testing/helpers";
import { useServerProcess } from "../testing/server-process";
import type { StreamEvent } from "./event-stream";
import { createListener } from "./listener";

type Case = {
  name: string;
  topics: string | string[];
  filter?: EventFilter;
  /** Which events of the log the handler must receive, written out by hand (not with the matcher under test). */
  expected: (event: StreamEvent) => boolean;
};

const job = (event: StreamEvent) => event.payload.job;

const CASES: Case[] = [
  { name: "** matches every topic", topics: "**", expected: () => true },
  { name: "job:* matches job:ready", topics: "job:*", expected: (e) => e.topic.startsWith("job:") },
  { name: "*:ready matches job:ready", topics: "*:ready", expected: (e) => e.topic === "job:ready" },
  { name: "* alone matches no two-segment topic", topics: "*", expected: () => false },
  {
    name: "**:created spans the domain",
    topics: "**:created",
    expected: (e) => e.topic.endsWith(":created"),
  },
  {
    name: "an array of topics is any of them",
    topics: ["job:created", "commit:created"],
    expected: (e) => e.topic === "job:created" || e.topic === "commit:created",
  },
  {
    name: "{ job } matches payload.job",
    topics: "job:ready",
    filter: { job: "workbook:export" },
    expected: (e) => e.topic === "job:ready" && job(e) === "workbook:export",
  },
  {
    name: "filter values are globs",
    topics: "job:ready",
    filter: { job: "workbook:*" },
    expected: (e) => e.topic === "job:ready" && String(job(e)).startsWith("workbook:"),
  },
  {
    name: "{ sheet } matches context.slugs.sheet",
    topics: "commit:created",
    filter: { sheet: "contacts" },
    expected: (e) => e.topic === "commit:created" && e.context.slugs?.sheet === "contacts",
  },
  {
    name: "an array value is any of them",
    topics: "commit:created",
    filter: { sheet: ["contacts", "leads"] },
    expected: (e) => e.topic === "commit:created",
  },
  {
    name: "several keys must all match",
    topics: "job:*",
    filter: { job: "workbook:export", status: "ready" },
    expected: (e) => e.topic === "job:ready" && job(e) === "workbook:export",
  },
  {
    name: "a dotted key is an exact path",
    topics: "**",
    filter: { "payload.operation": "import" },
    expected: (e) => e.domain === "job" && e.payload.operation === "import",
  },
  {
    name: "a filter that matches nothing",
    topics: "**",
    filter: { "context.spaceId": "us_sp_elsewhere" },
    expected: () => false,
  },
];

const ctx = useServerProcess();

describe("listener matching through real events", () => {
  it("delivers each event to exactly the handlers whose topics and filters match", async () => {
    const space = await ctx.api.spaces.create({ name: "Matching" });
    // Counts the events of the jobs it creates only: the space's configure job, ready before, is not picked up.
    const listener = createListener({ logger: memoryLogger(), pickUpWaitingJobs: false });
    const received = new Map<string, string[]>(CASES.map((c) => [c.name, []]));
    for (const c of CASES) {
      const record = (event: StreamEvent) => void received.get(c.name)!.push(event.id);
      if (c.filter) listener.on(c.topics, c.filter, record);
      else listener.on(c.topics, record);
    }
    // Scoped children: filter() narrows, and a child of a child must match both scopes.
    const scoped: string[] = [];
    const nested: string[] = [];
    listener.filter({ job: "workbook:*" }, (workbookJobs) => {
      workbookJobs.on("job:ready", (event) => void scoped.push(event.id));
      workbookJobs.filter({ operation: "import" }).on("job:*", (event) => void nested.push(event.id));
    });

    // The stream starts at the end of the log: what the space published before the mount is not delivered.
    const before = (await ctx.api.events.list({ spaceId: space.id })).data.map((e) => e.position);
    const from = Math.max(...before);
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId: space.id });
    // "**" is registered, so the stream asks for every topic (of this space).
    expect(listener.stream?.filters).toEqual({ spaceId: space.id });

    const workbook = await ctx.api.workbooks.create({
      name: "Matching",
      spaceId: space.id,
      sheets: [
        { name: "Contacts", slug: "contacts", fields: [{ key: "name", type: "string" }] },
        { name: "Leads", slug: "leads", fields: [{ key: "name", type: "string" }] },
      ],
    });
    const [contacts, leads] = workbook.sheets;
    await ctx.api.records.insert(contacts!.id, [{ name: { value: "Ada" } }]);
    await ctx.api.records.insert(leads!.id, [{ name: { value: "Bo" } }]);
    for (const operation of ["export", "import"]) {
      await ctx.api.jobs.create({ type: "workbook", operation, source: workbook.id, trigger: "immediate" });
    }
    // An event of another space: the server-side spaceId filter keeps it away.
    const other = await ctx.api.spaces.create({ name: "Elsewhere" });
    await ctx.api.jobs.create({ type: "space", operation: "noise", source: other.id, trigger: "immediate" });

    const log = (await ctx.api.events.list({ spaceId: space.id, pageSize: 1000 })).data.filter(
      (e) => e.position > from,
    ) as StreamEvent[];
    expect(log.map((e) => e.topic)).toEqual(
      expect.arrayContaining(["workbook:created", "commit:created", "job:created", "job:ready"]),
    );
    await waitFor(() => received.get(CASES[0]!.name)!.length >= log.length, "every event of the space");
    // Let any stray delivery arrive before asserting that it did not.
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Events of different jobs may be handled concurrently, so each handler's events are compared as a set.
    const ids = (events: StreamEvent[]) => events.map((e) => e.id).sort();
    for (const c of CASES) {
      expect({ case: c.name, ids: [...received.get(c.name)!].sort() }).toEqual({
        case: c.name,
        ids: ids(log.filter(c.expected)),
      });
    }
    expect(scoped.sort()).toEqual(ids(log.filter((e) => e.topic === "job:ready")));
    expect(nested.sort()).toEqual(
      ids(log.filter((e) => e.domain === "job" && e.payload.operation === "import")),
    );
    await listener.unmount();
  });

  it("asks the server only for the topics its handlers need, plus job:updated for cancellation", async () => {
    const space = await ctx.api.spaces.create({ name: "Topics" });
    const listener = createListener({ logger: memoryLogger() });
    listener.on("job:ready", () => undefined);
    listener.filter({ sheet: "contacts" }).on(["commit:created", "job:ready"], () => undefined);
    await listener.mount({ baseUrl: ctx.server.baseUrl, token: ctx.server.secretKey, spaceId: space.id });
    expect(listener.stream?.filters).toEqual({
      spaceId: space.id,
      topics: ["commit:created", "job:ready", "job:updated"],
    });

    // A handler added while mounted widens the stream at once; the new topic's events arrive.
    const spaces: string[] = [];
    listener.on("space:*", (event) => void spaces.push(event.topic));
    await waitFor(() => listener.stream?.filters.topics?.includes("space:*") === true, "the new filter");
    await waitFor(() => listener.stream?.connections === 2, "the reconnection");
    await ctx.api.spaces.update(space.id, { name: "Topics again" });
    await waitFor(() => spaces.includes("space:updated"), "space:updated");
    await listener.unmount();
  });
});

describe("filter() and namespace() scoping", () => {
  const event = (id: string, namespaces: string[], payload: Record<string, unknown> = {}): StreamEvent => ({
    id,
    topic: "space:created",
    domain: "space",
    context: { accountId: "us_acc", environmentId: "us_env", spaceId: "us_sp_1" },
    payload,
    createdAt: new Date().toISOString(),
    position: 1,
    namespaces,
  });

  it("routes by namespace, nested filters narrowing further, and off() removes a handler", async () => {
    const listener = createListener({ logger: memoryLogger() });
    const seen: string[] = [];
    const red = (e: StreamEvent) => void seen.push(`red:${e.id}`);
    listener.namespace("space:red", (l) => l.on("**", red));
    listener.namespace(["space:red", "space:blue"]).on("space:created", (e) => void seen.push(`any:${e.id}`));
    listener
      .namespace("space:blue")
      .filter({ tier: "gold" })
      .on("**", (e) => void seen.push(`gold:${e.id}`));

    await listener.dispatchEvent(event("1", ["space:red"]));
    await listener.dispatchEvent(event("2", ["space:blue"], { tier: "gold" }));
    await listener.dispatchEvent(event("3", ["space:blue"], { tier: "silver" }));
    await listener.dispatchEvent(event("4", ["space:green"]));
    // The same id again: delivered once.
    await listener.dispatchEvent(event("1", ["space:red"]));
    expect(seen).toEqual(["red:1", "any:1", "any:2", "gold:2", "any:3"]);
  });

  it("off() removes what on() registered, matching topics, filter and handler", async () => {
    const listener = createListener({ logger: memoryLogger() });
    const seen: string[] = [];
    const handler = (e: StreamEvent) => void seen.push(e.id);
    listener.on("space:*", handler);
    listener.on("space:*", { tier: "gold" }, handler);
    listener.off("space:*", { tier: "gold" }, handler);
    await listener.dispatchEvent(event("a", [], { tier: "gold" }));
    expect(seen).toEqual(["a"]);
    listener.off("space:*", handler);
    await listener.dispatchEvent(event("b", [], { tier: "gold" }));
    expect(seen).toEqual(["a"]);
  });
});
