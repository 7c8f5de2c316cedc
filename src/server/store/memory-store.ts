import { topicMatches, type Event, type Job, type Space } from "../../core";
import { CommitListeners } from "./commit-listeners";
import { Mutex } from "./mutex";
import type { EventQuery, JobQuery, NewEvent, Page, SpaceQuery, Store, StoreReader, StoreTx } from "./store";

type Data = {
  jobs: Map<string, { job: Job; seq: number }>;
  spaces: Map<string, { space: Space; seq: number }>;
  events: Event[];
  eventsById: Map<string, Event>;
  seq: number;
};

const clone = <T>(value: T): T => structuredClone(value);

function page<T>(items: T[], limit: number, offset: number): Page<T> {
  return { items: items.slice(offset, offset + limit).map(clone), total: items.length };
}

/** Reads over the maps; shared by the store and its transactions. */
class MemoryReader implements StoreReader {
  constructor(protected readonly data: Data) {}

  async getJob(id: string) {
    const entry = this.data.jobs.get(id);
    return entry ? clone(entry.job) : undefined;
  }

  async listJobs(q: JobQuery): Promise<Page<Job>> {
    const matches = [...this.data.jobs.values()].filter(({ job }) => jobMatches(job, q));
    matches.sort((a, b) =>
      a.job.createdAt < b.job.createdAt ? -1 : a.job.createdAt > b.job.createdAt ? 1 : a.seq - b.seq,
    );
    if (q.sortDirection === "desc") matches.reverse();
    return page(
      matches.map((m) => m.job),
      q.limit,
      q.offset,
    );
  }

  async listJobsWaitingOn(predecessorId: string) {
    return [...this.data.jobs.values()]
      .filter(({ job }) => job.status === "waiting" && job.predecessorIds?.includes(predecessorId))
      .map(({ job }) => clone(job));
  }

  async getSpace(id: string) {
    const entry = this.data.spaces.get(id);
    return entry ? clone(entry.space) : undefined;
  }

  async listSpaces(q: SpaceQuery): Promise<Page<Space>> {
    const search = q.search?.toLowerCase();
    const matches = [...this.data.spaces.values()]
      .filter(
        ({ space }) =>
          (!q.environmentId || space.environmentId === q.environmentId) &&
          (!search || space.name.toLowerCase().includes(search)),
      )
      .sort((a, b) => a.seq - b.seq)
      .map((m) => m.space);
    return page(matches, q.limit, q.offset);
  }

  async getEvent(id: string) {
    const event = this.data.eventsById.get(id);
    return event ? clone(event) : undefined;
  }

  async listEvents(q: EventQuery): Promise<Page<Event>> {
    return page(
      this.data.events.filter((event) => eventMatches(event, q)),
      q.limit,
      q.offset,
    );
  }

  async readEventsAfter(position: number, limit: number) {
    // Positions are dense from 1, so the array index of position p is p - 1.
    return this.data.events.slice(position, position + limit).map(clone);
  }

  async lastEventPosition() {
    return this.data.events.length;
  }
}

export function jobMatches(job: Job, q: JobQuery): boolean {
  return (
    (!q.environmentId || job.environmentId === q.environmentId) &&
    (!q.spaceId || job.spaceId === q.spaceId) &&
    (!q.workbookId || job.workbookId === q.workbookId || job.source === q.workbookId) &&
    (!q.fileId || job.fileId === q.fileId || job.source === q.fileId) &&
    (!q.parentId || job.parentId === q.parentId) &&
    (!q.status || job.status === q.status) &&
    (!q.operation || job.operation === q.operation) &&
    (!q.type || job.type === q.type) &&
    (!q.mode || job.mode === q.mode) &&
    (!q.excludeChildJobs || job.parentId === undefined)
  );
}

export function eventMatches(event: Event, q: EventQuery): boolean {
  return (
    (!q.environmentId || event.context.environmentId === q.environmentId) &&
    (!q.spaceId || event.context.spaceId === q.spaceId) &&
    (!q.domain || event.domain === q.domain) &&
    (!q.topic || topicMatches(q.topic, event.topic)) &&
    (!q.since || event.createdAt >= q.since) &&
    (q.includeAcknowledged !== false || event.acknowledgedAt === undefined)
  );
}

class MemoryTx extends MemoryReader implements StoreTx {
  readonly undo: (() => void)[] = [];
  readonly appended: Event[] = [];

  async insertJob(job: Job) {
    if (this.data.jobs.has(job.id)) throw new Error(`job ${job.id} exists`);
    this.data.jobs.set(job.id, { job: clone(job), seq: ++this.data.seq });
    this.undo.push(() => this.data.jobs.delete(job.id));
  }

  async updateJob(job: Job, expected: { status: Job["status"]; updatedAt: string }) {
    const entry = this.data.jobs.get(job.id);
    if (!entry || entry.job.status !== expected.status || entry.job.updatedAt !== expected.updatedAt)
      return false;
    const previous = entry.job;
    entry.job = clone(job);
    this.undo.push(() => (entry.job = previous));
    return true;
  }

  async deleteJob(id: string) {
    const entry = this.data.jobs.get(id);
    if (!entry) return false;
    this.data.jobs.delete(id);
    this.undo.push(() => this.data.jobs.set(id, entry));
    return true;
  }

  async insertSpace(space: Space) {
    if (this.data.spaces.has(space.id)) throw new Error(`space ${space.id} exists`);
    this.data.spaces.set(space.id, { space: clone(space), seq: ++this.data.seq });
    this.undo.push(() => this.data.spaces.delete(space.id));
  }

  async updateSpace(space: Space) {
    const entry = this.data.spaces.get(space.id);
    if (!entry) return false;
    const previous = entry.space;
    entry.space = clone(space);
    this.undo.push(() => (entry.space = previous));
    return true;
  }

  async deleteSpace(id: string) {
    const entry = this.data.spaces.get(id);
    if (!entry) return false;
    this.data.spaces.delete(id);
    this.undo.push(() => this.data.spaces.set(id, entry));
    for (const [jobId, jobEntry] of this.data.jobs) {
      if (jobEntry.job.spaceId === id) {
        this.data.jobs.delete(jobId);
        this.undo.push(() => this.data.jobs.set(jobId, jobEntry));
      }
    }
    return true;
  }

  async appendEvent(event: NewEvent) {
    const stored: Event = { ...clone(event), position: this.data.events.length + 1 };
    this.data.events.push(stored);
    this.data.eventsById.set(stored.id, stored);
    this.appended.push(stored);
    this.undo.push(() => {
      this.data.events.pop();
      this.data.eventsById.delete(stored.id);
    });
    return clone(stored);
  }

  async ackEvent(id: string, at: string) {
    const event = this.data.eventsById.get(id);
    if (!event) return false;
    if (event.acknowledgedAt) return true;
    event.acknowledgedAt = at;
    this.undo.push(() => delete event.acknowledgedAt);
    return true;
  }
}

/**
 * The in-memory store: no Node-only code, so mock mode can run the real server in a browser. Transactions are
 * serialised by a mutex and rolled back from an undo log.
 */
export class MemoryStore extends MemoryReader implements Store {
  readonly #mutex = new Mutex();
  readonly #listeners = new CommitListeners();

  constructor() {
    super({ jobs: new Map(), spaces: new Map(), events: [], eventsById: new Map(), seq: 0 });
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      const tx = new MemoryTx(this.data);
      let result: T;
      try {
        result = await work(tx);
      } catch (error) {
        for (const undo of tx.undo.reverse()) undo();
        throw error;
      }
      this.#listeners.emit(tx.appended.map(clone));
      return result;
    });
  }

  onCommit(listener: (events: Event[]) => void) {
    return this.#listeners.add(listener);
  }

  async close() {}
}
