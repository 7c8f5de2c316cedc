import type { Event, Job, JobStatus, Space } from "../../core";

/** An event before the log gives it a position. */
export type NewEvent = Omit<Event, "position">;

export type Page<T> = { items: T[]; total: number };

export type JobQuery = {
  environmentId?: string;
  spaceId?: string;
  /** Jobs whose `workbookId` (or `source`) is this workbook. */
  workbookId?: string;
  /** Jobs whose `fileId` (or `source`) is this file. */
  fileId?: string;
  parentId?: string;
  status?: JobStatus;
  operation?: string;
  type?: string;
  mode?: string;
  excludeChildJobs?: boolean;
  sortDirection: "asc" | "desc";
  limit: number;
  offset: number;
};

export type SpaceQuery = { environmentId?: string; search?: string; limit: number; offset: number };

export type EventQuery = {
  environmentId?: string;
  spaceId?: string;
  domain?: string;
  /** A topic glob ("job:*"); matched with core's `topicMatches`. */
  topic?: string;
  /** Only events created at or after this ISO time. */
  since?: string;
  includeAcknowledged?: boolean;
  limit: number;
  offset: number;
};

/** Reads, available both outside and inside a transaction. Lists are newest-last unless said otherwise. */
export interface StoreReader {
  getJob(id: string): Promise<Job | undefined>;
  listJobs(query: JobQuery): Promise<Page<Job>>;
  /** Jobs in `waiting` that name `predecessorId` among their `predecessorIds`. */
  listJobsWaitingOn(predecessorId: string): Promise<Job[]>;
  getSpace(id: string): Promise<Space | undefined>;
  listSpaces(query: SpaceQuery): Promise<Page<Space>>;
  getEvent(id: string): Promise<Event | undefined>;
  /** Events oldest first, filtered and paged. */
  listEvents(query: EventQuery): Promise<Page<Event>>;
  /** Up to `limit` events with a position greater than `position`, in position order (SSE replay and tail). */
  readEventsAfter(position: number, limit: number): Promise<Event[]>;
  /** Highest position written so far (0 when the log is empty). */
  lastEventPosition(): Promise<number>;
}

/** Writes; only inside `Store.transaction`, so a change and its events commit together or not at all. */
export interface StoreTx extends StoreReader {
  insertJob(job: Job): Promise<void>;
  /**
   * Compare-and-set: writes `job` only if the stored job still has `expectedStatus` and `expectedUpdatedAt`.
   * A job's identity (type, operation, source, mode, spaceId, workbookId, fileId, parentId, environmentId,
   * createdAt) is fixed at insert; adapters may index those columns once and never rewrite them.
   * Returns false (and writes nothing) when another writer got there first.
   */
  updateJob(job: Job, expected: { status: JobStatus; updatedAt: string }): Promise<boolean>;
  deleteJob(id: string): Promise<boolean>;
  insertSpace(space: Space): Promise<void>;
  updateSpace(space: Space): Promise<boolean>;
  /** Deletes the space and every job of it. */
  deleteSpace(id: string): Promise<boolean>;
  /** Appends to the log; the returned event carries its position. */
  appendEvent(event: NewEvent): Promise<Event>;
  /** Sets `acknowledgedAt` once; false when there is no such event. */
  ackEvent(id: string, at: string): Promise<boolean>;
}

export type CommitListener = (events: Event[]) => void;

/**
 * Storage behind the API. Every adapter (memory, SQLite, later PostgreSQL) passes the same conformance suite
 * (`store-conformance.ts`). Adapters are asynchronous so that a networked database fits without changing services.
 */
export interface Store extends StoreReader {
  /** Runs `work` in one write transaction; a throw rolls everything back. Transactions never interleave. */
  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Called after each commit that appended events, with those events in position order. Returns an unsubscribe. */
  onCommit(listener: CommitListener): () => void;
  close(): Promise<void>;
}
