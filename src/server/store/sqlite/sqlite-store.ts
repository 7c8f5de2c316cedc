import { mergeHistogram, type DurationHistogram } from "../../metrics/duration-histogram";
import { jobMetricChanges, type JobMetricRollup } from "../../metrics/job-metric-changes";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import {
  jobSearchText,
  searchWords,
  topicMatches,
  type Event,
  type Job,
  type JobLogCaps,
  type JobStatus,
  type NewJobLogLine,
  type Space,
} from "../../../core";
import {
  actionMount,
  MOUNT_KINDS,
  MOUNT_TABLES,
  SCHEDULE_LIKE,
  scheduledOnly,
  type ActionMount,
} from "../action-mounts";
import { JOB_COLUMNS, jobColumns } from "../sql-columns";
import { appendJobLogLines } from "../job-log-append";
import { jobJsonForWrite } from "../job-json";
import { SqlStore } from "../sql-store";
import { SqlTransaction } from "../sql-transaction";
import { TransactionQueue } from "../transaction-queue";
import { searchableText } from "../record-values";
import type {
  EventLogRange,
  EventQuery,
  JobLogQuery,
  JobPage,
  JobQuery,
  ListenerSelection,
  NewEvent,
  Page,
  RecordChunk,
  RecordCursor,
  SpaceQuery,
  Store,
  StoreReader,
  StoreTx,
  StoredListener,
  TransactionOptions,
} from "../store";
import { CommitRollups } from "./commit-rollups";
import { CommitSearch } from "./commit-search";
import { Connection, countMatches, readPage, where, type Param } from "./connection";
import { firstPositionSince, pruneEventMinutes } from "./events-since";
import { readSqliteJobLogs, SqliteJobLogTable } from "./job-logs";
import { readSqliteRollups } from "./metric-rollup-reads";
import * as listenerStatements from "./listener-statements";
import { applyMigrations } from "./migrations";
import { ResourceReader } from "./resource-reader";
import { ResourceWriter } from "./resource-writer";
import { makePrivateDatabaseFile } from "./private-files";
import { WalCheckpointer } from "./wal-checkpointer";
import { type SyncFile, WalSync } from "./wal-sync";
import {
  EVENT_ROW_COLUMNS,
  EVENT_ROW_SELECT,
  eventFromRow,
  eventRowValues,
  type EventRow,
} from "./event-rows";

// The hot write statements' text, built once: a statement is looked up by its text on every call.
const NEXT_SEQ = "UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value";
const INSERT_JOB = `INSERT INTO jobs (id, seq, ${JOB_COLUMNS}) VALUES (?, ?, ${JOB_COLUMNS.replace(/\w+/g, "?")})`;
const UPDATE_JOB_KEEPING_STATUS =
  "UPDATE jobs SET updated_at = ?, search_text = ?, data = ? WHERE id = ? AND status = ? AND updated_at = ?";
const UPDATE_JOB_STATUS =
  "UPDATE jobs SET status = ?, updated_at = ?, search_text = ?, data = ? WHERE id = ? AND status = ? AND updated_at = ?";
/** How many jobs of the list a search reads in order before it turns to the words' index (see `listJobs`). */
const SEARCH_SCAN = 4_000;
/**
 * A word held by more than this share of the jobs the search read first is checked on each candidate rather than
 * asked of the index: a prefix query merges every match of its words before it answers the first.
 */
const COMMON_WORD_SHARE = 0.05;
/**
 * What a match the index names costs, in jobs read in the list's order: merged into the prefix query's answer,
 * handed over and tested by seq (1,000,000 jobs: 100,000 matches of `"failed"*` merged in 7 ms, 4,000 jobs read in
 * order 1.5 ms).
 */
const INDEX_MATCH_COST = 0.5;
/**
 * What reading a match by its seq (and sorting it) costs, in entries of the list's index walked: a row looked up at
 * random against one entry of a walk (4,911 matches read by seq took 30 ms, a walk of 1,000,000 entries 100 ms).
 * Also what a walk pays for an entry whose row it reads to check a filter its index does not hold.
 */
const SEQ_READ_COST = 60;
/** More matches than this, and the list is read in order, each job's words checked. */
const MATCHES_CAP = 100_000;
const SEARCH_MATCHES =
  "SELECT json_group_array(rowid) FROM (SELECT rowid FROM jobs_search WHERE jobs_search MATCH ? LIMIT ?)";
/** One condition of a WHERE clause and its parameters. */
type Condition = [string, ...Param[]];
const INSERT_EVENT = `INSERT INTO events (${EVENT_ROW_COLUMNS}) VALUES (${EVENT_ROW_COLUMNS.replace(/\w+/g, "?")})`;

/**
 * Each filter of a job query, and whether the `job_counts` table (migration 17) is kept by it. A filter added to
 * `JobQuery` must be named here (the type says so), so that a count is never summed while it narrows the list.
 */
const COUNTED_FILTER = {
  environmentId: true,
  spaceId: true,
  status: true,
  operation: true,
  type: true,
  mode: true,
  workbookId: false,
  fileId: false,
  parentId: false,
  rerunOf: false,
  predecessorId: false,
  updatedBefore: false,
  excludeChildJobs: false,
  search: false,
  createdFrom: false,
  createdTo: false,
  finishedFrom: false,
  finishedTo: false,
  createdBy: false,
  source: false,
  after: false,
} satisfies Record<Exclude<keyof JobQuery, "sortDirection" | "limit" | "offset" | "countLimit">, boolean>;
const UNCOUNTED_FILTERS = Object.entries(COUNTED_FILTER)
  .filter(([, counted]) => !counted)
  .map(([key]) => key as keyof JobQuery);

/** Whether `q` filters by the columns `job_counts` is kept by alone (an unset filter, "" and false included, is none). */
const countedAlone = (q: JobQuery): boolean => !UNCOUNTED_FILTERS.some((key) => q[key]);

/** How many jobs hold the counted filters `filters` sets, whatever else a query filters by: a sum of `job_counts`. */
function countJobs(
  conn: Connection,
  filters: Pick<JobQuery, "environmentId" | "spaceId" | "status" | "operation" | "type" | "mode">,
): number {
  const { sql, params } = where([
    [!!filters.environmentId, "environment_id = ?", filters.environmentId ?? null],
    [!!filters.spaceId, "space_id = ?", filters.spaceId ?? null],
    [!!filters.status, "status = ?", filters.status ?? null],
    [!!filters.operation, "operation = ?", filters.operation ?? null],
    [!!filters.type, "type = ?", filters.type ?? null],
    [!!filters.mode, "mode = ?", filters.mode ?? null],
  ]);
  return conn.values(`SELECT COALESCE(SUM(n), 0) FROM job_counts${sql}`).get(...params) as number;
}

/**
 * Whether a list filtered by a status and by an operation, type or mode reaches its `wanted`-th match for less
 * through the status's index (entries checked in the index) than through the other's (each entry's row read, which
 * costs `SEQ_READ_COST` entries), given how many jobs hold the status, the others, and both.
 */
export function statusIndexLeads(
  jobs: { status: number; other: number; both: number },
  wanted: number,
): boolean {
  // Entries walked until the wanted match, as if matches were spread evenly; all of them when too few match.
  const walk = (entries: number) => (jobs.both <= wanted ? entries : (wanted * entries) / jobs.both);
  return walk(jobs.status) <= walk(jobs.other) * SEQ_READ_COST;
}

/** Whether a job's search_text holds a word beginning with each of the words given as parameters (`wordParams`). */
function holdsWords(words: readonly string[]): string {
  // search_text is its words, each after a space once one is put in front: a word's beginning follows a space.
  return `(${words.map(() => "instr(' ' || search_text, ?) > 0").join(" AND ")})`;
}
const wordParams = (words: readonly string[]) => words.map((word) => ` ${word}`);

/** Reads over one connection: the reader connection outside transactions, the writer inside them. */
class SqliteReader extends ResourceReader implements StoreReader {
  async getJob(id: string): Promise<Job | undefined> {
    const data = this.conn.values("SELECT data FROM jobs WHERE id = ?").get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as Job);
  }

  async listJobs(q: JobQuery): Promise<JobPage> {
    return this.conn.snapshot(() => this.#listJobs(q));
  }

  async readJobMetricRollups(
    fromMinute: number,
    toMinute: number,
    spaceId?: string,
  ): Promise<JobMetricRollup[]> {
    return readSqliteRollups(this.conn, fromMinute, toMinute, spaceId);
  }

  async firstJobMetricMinute(): Promise<number | undefined> {
    return (
      (this.conn.values("SELECT MIN(minute) FROM job_metric_minutes").get() as number | null) ?? undefined
    );
  }

  #listJobs(q: JobQuery): JobPage {
    const words = q.search ? searchWords(q.search) : [];
    if (words.length === 0) return this.#readJobs(q, q.search ? ["id = ?", q.search] : undefined, false);
    // A search that many jobs match reads the list in its order, as without one, checking each job's words until
    // the page (and its count) is full. One that few match reads them through the words' index.
    // First, the list's first SEARCH_SCAN jobs: enough matches there, and the list it is (a word most jobs hold,
    // whose count in the index would cost more: a prefix query merges every match before the first). They also
    // tell how common each word is.
    const id = q.search ?? "";
    const dense: Condition = [`(id = ? OR ${holdsWords(words)})`, id, ...wordParams(words)];
    const base = this.#jobFilter(q, "", undefined);
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    const probe = this.conn
      .values(
        `SELECT json_array(COUNT(*), COALESCE(SUM(hit), 0), (SELECT MIN(seq) FROM jobs), (SELECT MAX(seq) FROM jobs)
           ${words.map((_, i) => `, COALESCE(SUM(w${i}), 0)`).join("")})
         FROM (SELECT ${dense[0]} AS hit${words.map((_, i) => `, ${holdsWords(["w"])} AS w${i}`).join("")}
           FROM jobs${base.sql} ORDER BY created_at ${direction}, seq ${direction} LIMIT ?)`,
      )
      .get(...dense.slice(1), ...wordParams(words), ...base.params, SEARCH_SCAN) as string;
    const [seen = 0, hits = 0, first = 0, last = 0, ...held] = JSON.parse(probe) as number[];
    const wanted = Math.max(q.offset + q.limit, q.countLimit ?? Number.POSITIVE_INFINITY);
    if (seen < SEARCH_SCAN || hits >= wanted) return this.#readJobs(q, dense, false);
    // Matches as common as among those jobs: the list reads wanted * seen / hits jobs to fill the page, the index
    // names as many jobs as hold its rarest word. Whichever costs less.
    const rarest = Math.min(...held);
    const stored = last - first + 1;
    if (hits > 0 && (wanted * seen) / hits <= (rarest / seen) * stored * INDEX_MATCH_COST)
      return this.#readJobs(q, dense, false);
    // The index is asked for the words few of those jobs hold (at least the rarest); the others are checked on each
    // job it names.
    const asked = words.filter((_, i) => held[i]! <= seen * COMMON_WORD_SHARE || held[i] === rarest);
    const checked = words.filter((word) => !asked.includes(word));
    const found = this.conn
      .values(SEARCH_MATCHES)
      .get(asked.map((word) => `"${word}"*`).join(" "), MATCHES_CAP) as string;
    const seqs = JSON.parse(found) as number[];
    if (seqs.length >= MATCHES_CAP) return this.#readJobs(q, dense, false);
    // The job whose id is the search is a match whatever its words.
    const byId = this.conn.values("SELECT seq FROM jobs WHERE id = ?").get(id) as number | undefined;
    if (byId !== undefined) seqs.push(byId);
    // Read by seq and sorted, or the list walked in its order (an index of (created_at, seq)), each job's seq tested
    // before its row is read: the walk ends at the match that fills the page, about as far as its seq from where
    // the list starts (seq follows creation), further when other words are checked on each.
    const share = checked.reduce((product, word) => product * (held[words.indexOf(word)]! / seen), 1);
    const needed = Math.ceil(wanted / Math.max(share, 1 / seen));
    const order = seqs.toSorted((a, b) => (direction === "DESC" ? b - a : a - b));
    const start = q.after?.seq ?? (direction === "DESC" ? last : first);
    // Fewer matches than that, and the walk reads the list to its end.
    const end = needed <= order.length ? order[needed - 1]! : direction === "DESC" ? first : last;
    const few = order.length * SEQ_READ_COST < Math.abs(start - end);
    // A unary "+" keeps SQLite from reading a walk's matches by seq and sorting them all.
    const member = `${few ? "" : "+"}seq IN (SELECT value FROM json_each(?))`;
    const search: Condition =
      checked.length === 0
        ? [member, JSON.stringify(seqs)]
        : [
            `${member} AND (id = ? OR ${holdsWords(checked)})`,
            JSON.stringify(seqs),
            id,
            ...wordParams(checked),
          ];
    return this.#readJobs(q, search, few);
  }

  /** A page of jobs and its count, `search` one more condition; `few` when it leaves few jobs to read. */
  #readJobs(q: JobQuery, search: Condition | undefined, few: boolean): JobPage {
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    const filter = this.#jobFilter(q, few ? "+" : "", search);
    const select = `SELECT created_at, seq, data FROM jobs${filter.sql} ORDER BY created_at ${direction}, seq ${direction} LIMIT ? OFFSET ?`;
    type Row = { created_at: string; seq: number; data: string };
    let rows: Row[];
    let total: number;
    if (q.countLimit !== undefined && q.offset === 0) {
      // A first page counted only up to a limit: the rows up to that limit are the page and its count, read once.
      const read = this.conn.rows(select).all(...filter.params, Math.max(q.limit, q.countLimit), 0) as Row[];
      total = Math.min(read.length, Math.max(0, q.countLimit));
      rows = read.slice(0, q.limit);
    } else {
      // Filters the counts table is kept by are summed from it, a few rows, instead of counting every match (a
      // count limit of 0 asks for no count at all).
      const noCount = q.countLimit !== undefined && q.countLimit <= 0;
      total =
        !search && !noCount && countedAlone(q)
          ? Math.min(countJobs(this.conn, q), q.countLimit ?? Number.POSITIVE_INFINITY)
          : countMatches(this.conn, `jobs${filter.sql}`, filter.params, q.countLimit);
      rows = this.conn.rows(select).all(...filter.params, q.limit, q.offset) as Row[];
    }
    const last = rows.at(-1);
    return {
      items: rows.map((row) => JSON.parse(row.data) as Job),
      total,
      ...(last ? { last: { createdAt: last.created_at, seq: last.seq } } : {}),
    };
  }

  #jobFilter(q: JobQuery, plus: "" | "+", search: Condition | undefined) {
    // A workbook's, a file's or a parent's jobs are few: read them through those indexes. Without statistics SQLite
    // prefers an index that also gives the order (a space's, a status's), then scans all of that space or status;
    // a unary "+" keeps it off those.
    const few = q.workbookId || q.fileId || q.parentId || q.rerunOf || q.predecessorId ? "+" : plus;
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    // A status with an operation, type or mode: the index of one or the other is walked (see `#statusLeads`).
    const leads = few ? undefined : this.#statusLeads(q);
    const status = leads === false ? "+" : few;
    const other = leads === true ? "+" : few;
    return where([
      [!!q.environmentId, "environment_id = ?", q.environmentId ?? null],
      [!!q.spaceId, `${few}space_id = ?`, q.spaceId ?? null],
      [!!q.workbookId, "(workbook_id = ? OR source = ?)", q.workbookId ?? null, q.workbookId ?? null],
      [!!q.fileId, "(file_id = ? OR source = ?)", q.fileId ?? null, q.fileId ?? null],
      [!!q.parentId, "parent_id = ?", q.parentId ?? null],
      // The expression of the partial index jobs_rerun_of (migration 11), word for word, so that it is used.
      [!!q.rerunOf, "json_extract(data, '$.rerunOf') = ?", q.rerunOf ?? null],
      [
        !!q.predecessorId,
        "seq IN (SELECT job_seq FROM job_predecessors WHERE predecessor_id = ?)",
        q.predecessorId ?? null,
      ],
      [!!q.status, `${status}status = ?`, q.status ?? null],
      [!!q.operation, `${other}operation = ?`, q.operation ?? null],
      [!!q.type, `${other}type = ?`, q.type ?? null],
      [!!q.mode, `${other}mode = ?`, q.mode ?? null],
      [!!q.updatedBefore, "updated_at < ?", q.updatedBefore ?? null],
      [!!q.excludeChildJobs, "parent_id IS NULL"],
      [!!q.source, `${few}source = ?`, q.source ?? null],
      [!!q.createdFrom, "created_at >= ?", q.createdFrom ?? null],
      [!!q.createdTo, "created_at < ?", q.createdTo ?? null],
      [!!q.finishedFrom, "json_extract(data, '$.finishedAt') >= ?", q.finishedFrom ?? null],
      [!!q.finishedTo, "json_extract(data, '$.finishedAt') < ?", q.finishedTo ?? null],
      [!!q.createdBy, "json_extract(data, '$.createdBy') = ?", q.createdBy ?? null],
      [!!search, ...(search ?? [""])],
      [
        !!q.after,
        `(created_at, seq) ${direction === "DESC" ? "<" : ">"} (?, ?)`,
        q.after?.createdAt ?? null,
        q.after?.seq ?? null,
      ],
    ]);
  }

  /**
   * Whether a list filtered by a status and by an operation, type or mode is best walked through the status's index
   * (true) or the other's (false); undefined when it is not filtered by both. The status's index holds the operation,
   * type and mode, so the others are checked on each of its entries; the other indexes do not hold the status
   * (migration 18: every status change rewrote their entries), so each entry walked there reads its row. The
   * counts table tells how many jobs each side and both hold: the walk that reaches the page's last match for less.
   */
  #statusLeads(q: JobQuery): boolean | undefined {
    if (!q.status || !(q.operation || q.type || q.mode)) return undefined;
    const { environmentId, spaceId, status, operation, type, mode } = q;
    const count = (filters: Parameters<typeof countJobs>[1]) =>
      countJobs(this.conn, { environmentId, spaceId, ...filters });
    return statusIndexLeads(
      {
        status: count({ status }),
        other: count({ operation, type, mode }),
        both: count({ status, operation, type, mode }),
      },
      q.offset + q.limit,
    );
  }

  async listJobsWaitingOn(predecessorId: string): Promise<Job[]> {
    const rows = this.conn
      .values(
        `SELECT data FROM jobs WHERE status = 'waiting'
           AND EXISTS (SELECT 1 FROM json_each(jobs.data, '$.predecessorIds') WHERE value = ?)
         ORDER BY seq`,
      )
      .all(predecessorId) as string[];
    return rows.map((data) => JSON.parse(data) as Job);
  }

  async getSpace(id: string): Promise<Space | undefined> {
    const data = this.conn.values("SELECT data FROM spaces WHERE id = ?").get(id) as string | undefined;
    return data === undefined ? undefined : (JSON.parse(data) as Space);
  }

  async listSpaces(q: SpaceQuery): Promise<Page<Space>> {
    const filter = where([
      [!!q.environmentId, "environment_id = ?", q.environmentId ?? null],
      [!!q.search, "text_contains(name, ?) = 1", q.search?.toLowerCase() ?? null],
    ]);
    return readPage(
      this.conn,
      `SELECT COUNT(*) FROM spaces${filter.sql}`,
      `SELECT data FROM spaces${filter.sql} ORDER BY seq LIMIT ? OFFSET ?`,
      filter.params,
      q,
      (data) => JSON.parse(data) as Space,
    );
  }

  async getEvent(id: string): Promise<Event | undefined> {
    const row = this.conn.rows(`SELECT ${EVENT_ROW_SELECT} FROM events WHERE id = ?`).get(id) as
      EventRow | undefined;
    return row ? eventFromRow(row) : undefined;
  }

  async listEvents(q: EventQuery): Promise<Page<Event>> {
    return this.conn.snapshot(() => {
      const filter = where([
        [!!q.environmentId, "environment_id = ?", q.environmentId ?? null],
        [!!q.spaceId, "space_id = ?", q.spaceId ?? null],
        [!!q.jobId, "job_id = ?", q.jobId ?? null],
        [!!q.domain, "domain = ?", q.domain ?? null],
        [!!q.topic, "topic_match(?, topic) = 1", q.topic ?? null],
        // The log has no index by time (migration 15): the events since a time are read from a position before
        // which none is that recent (event_minutes), the time still checked on each.
        [
          !!q.since,
          "position >= ? AND created_at >= ?",
          q.since ? firstPositionSince(this.conn, q.since) : 0,
          q.since ?? null,
        ],
        [q.includeAcknowledged === false, "acknowledged_at IS NULL"],
      ]);
      const total = countMatches(this.conn, `events${filter.sql}`, filter.params, q.countLimit);
      const rows = this.conn
        .rows(`SELECT ${EVENT_ROW_SELECT} FROM events${filter.sql} ORDER BY position LIMIT ? OFFSET ?`)
        .all(...filter.params, q.limit, q.offset) as EventRow[];
      return { items: rows.map(eventFromRow), total };
    });
  }

  async readEventsAfter(position: number, limit: number, range: EventLogRange = {}): Promise<Event[]> {
    const { through, filter = {} } = range;
    const topics = filter.topics ?? [];
    // A space is read through events_space_position; the others are checked on the rows of the (bounded) window.
    const conditions = where([
      [true, "position > ?", position],
      [through !== undefined, "position <= ?", through ?? null],
      [!!filter.spaceId, "space_id = ?", filter.spaceId ?? null],
      [!!filter.domain, "domain = ?", filter.domain ?? null],
      [topics.length > 0, `(${topics.map(() => "topic_match(?, topic) = 1").join(" OR ")})`, ...topics],
    ]);
    const rows = this.conn
      .rows(`SELECT ${EVENT_ROW_SELECT} FROM events${conditions.sql} ORDER BY position LIMIT ?`)
      .all(...conditions.params, limit) as EventRow[];
    return rows.map(eventFromRow);
  }

  async readJobLogs(jobId: string, q: JobLogQuery) {
    return readSqliteJobLogs(this.conn, jobId, q);
  }

  async lastEventPosition(): Promise<number> {
    return this.conn.values("SELECT COALESCE(MAX(position), 0) FROM events").get() as number;
  }

  async firstEventPosition(): Promise<number> {
    return this.conn.values("SELECT COALESCE(MIN(position), 0) FROM events").get() as number;
  }

  async listListeners(q: { environmentId?: string; disconnectedSince?: string }): Promise<StoredListener[]> {
    return listenerStatements.listListeners(this.conn, q);
  }

  async listScheduledActionSources(): Promise<ActionMount[]> {
    return this.conn.snapshot(() =>
      MOUNT_KINDS.flatMap((type) => {
        const rows = this.conn
          .values(`SELECT data FROM ${MOUNT_TABLES[type]} WHERE data LIKE ? ORDER BY seq`)
          .all(SCHEDULE_LIKE) as string[];
        return rows.flatMap((data) => {
          const scheduled = scheduledOnly(actionMount(type, JSON.parse(data) as never));
          return scheduled ? [scheduled] : [];
        });
      }),
    );
  }
}

/** The writes of one transaction, on the writer connection; usable only while its transaction is open. */
class SqliteTx extends SqlTransaction(SqliteReader) implements StoreTx {
  protected readonly resources = new ResourceWriter(this.conn, () => this.#nextSeq());

  constructor(
    conn: Connection,
    /** The commit group's metric roll-ups, written at its COMMIT. */
    private readonly rollups: CommitRollups,
  ) {
    super(conn);
  }

  #nextSeq(): number {
    return this.conn.values(NEXT_SEQ).get() as number;
  }

  async insertJob(job: Job): Promise<void> {
    this.check();
    this.conn.rows(INSERT_JOB).run(job.id, this.#nextSeq(), ...jobColumns(job));
    this.rollups.add(jobMetricChanges(undefined, job));
  }

  async updateJob(job: Job, expected: { status: JobStatus; updatedAt: string }): Promise<boolean> {
    this.check();
    // Only the columns a job's lifecycle can change: SQLite then leaves the indexes of the fixed ones alone. SQLite
    // rewrites every index holding a column the UPDATE sets, even to the value it had, so a change that keeps the
    // status (a progress update, most of a job's calls) does not set it: the nine indexes that carry it stay as
    // they were.
    const data = jobJsonForWrite(job);
    // The search index is rewritten only when the words change (a trigger compares them; CommitSearch writes it).
    const words = jobSearchText(job);
    const result =
      job.status === expected.status
        ? this.conn
            .rows(UPDATE_JOB_KEEPING_STATUS)
            .run(job.updatedAt, words, data, job.id, expected.status, expected.updatedAt)
        : this.conn
            .rows(UPDATE_JOB_STATUS)
            .run(job.status, job.updatedAt, words, data, job.id, expected.status, expected.updatedAt);
    if (result.changes !== 1) return false;
    // None for most updates (progress), one to three per transition.
    this.rollups.add(jobMetricChanges(expected, job));
    return true;
  }

  async deleteJob(id: string): Promise<boolean> {
    this.check();
    return this.conn.rows("DELETE FROM jobs WHERE id = ?").run(id).changes === 1;
  }

  async insertSpace(space: Space): Promise<void> {
    this.check();
    this.conn
      .rows("INSERT INTO spaces (id, environment_id, name, seq, data) VALUES (?, ?, ?, ?, ?)")
      .run(space.id, space.environmentId, space.name, this.#nextSeq(), JSON.stringify(space));
  }

  async updateSpace(space: Space): Promise<boolean> {
    this.check();
    const result = this.conn
      .rows("UPDATE spaces SET environment_id = ?, name = ?, data = ? WHERE id = ?")
      .run(space.environmentId, space.name, JSON.stringify(space), space.id);
    return result.changes === 1;
  }

  async handOverRecords(sheetId: string, snapshotId: string): Promise<void> {
    this.check();
    this.resources.handOverRecords(sheetId, snapshotId);
  }

  async announceHandedOverRecords(
    snapshotId: string,
    after: RecordCursor | undefined,
    ord: number,
    limit: number,
  ): Promise<RecordChunk<string>> {
    this.check();
    return this.resources.announceHandedOverRecords(snapshotId, after, ord, limit);
  }

  async deleteSpace(id: string): Promise<boolean> {
    this.check();
    if (this.conn.rows("DELETE FROM spaces WHERE id = ?").run(id).changes !== 1) return false;
    this.conn.rows("DELETE FROM jobs WHERE space_id = ?").run(id);
    this.resources.deleteSpaceResources(id);
    return true;
  }

  async appendJobLogs(jobId: string, lines: NewJobLogLine[], caps: JobLogCaps) {
    this.check();
    return appendJobLogLines(new SqliteJobLogTable(this.conn), jobId, lines, caps);
  }

  async appendEvent(event: NewEvent): Promise<Event> {
    this.check();
    // A caller may hand over an Event it already holds; its old position must not be stored.
    const { position: _ignored, ...rest } = event as NewEvent & { position?: number };
    const result = this.conn.rows(INSERT_EVENT).run(...eventRowValues(rest));
    const stored: Event = { ...rest, position: Number(result.lastInsertRowid) };
    this.appended.push(stored);
    return { ...stored };
  }

  async ackEvent(id: string, at: string): Promise<boolean> {
    this.check();
    const acked = this.conn
      .rows("UPDATE events SET acknowledged_at = ? WHERE id = ? AND acknowledged_at IS NULL")
      .run(at, id);
    if (acked.changes === 1) return true;
    return this.conn.values("SELECT 1 FROM events WHERE id = ?").get(id) !== undefined;
  }

  async pruneEvents(createdBefore: string, limit: number): Promise<number> {
    this.check();
    // The oldest `limit` events by position (the primary key), then the prefix of them that is old enough.
    const oldest = this.conn
      .rows("SELECT position, created_at AS createdAt FROM events ORDER BY position LIMIT ?")
      .all(limit) as { position: number; createdAt: string }[];
    const newest = await this.lastEventPosition();
    let through = 0;
    for (const { position, createdAt } of oldest) {
      if (createdAt >= createdBefore || position >= newest) break;
      through = position;
    }
    if (through === 0) return 0;
    // The newest event stays, so no position is handed out again (migration 15).
    const deleted = this.conn.rows("DELETE FROM events WHERE position <= ?").run(through).changes;
    pruneEventMinutes(this.conn, through);
    return deleted;
  }

  async claimScheduleSlot(actionKey: string, slot: string, jobId: string): Promise<boolean> {
    this.check();
    const result = this.conn
      .rows("INSERT INTO schedule_slots (action_key, slot, job_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
      .run(actionKey, slot, jobId);
    return result.changes === 1;
  }

  async pruneScheduleSlots(slotBefore: string, limit: number): Promise<number> {
    this.check();
    return this.conn
      .rows(
        `DELETE FROM schedule_slots WHERE rowid IN (SELECT rowid FROM schedule_slots WHERE slot < ? ORDER BY slot LIMIT ?)`,
      )
      .run(slotBefore, limit).changes;
  }

  async connectListener(listener: Omit<StoredListener, "jobsHandled" | "disconnectedAt">): Promise<boolean> {
    this.check();
    return listenerStatements.connectListener(this.conn, listener);
  }

  async disconnectListeners(selection: ListenerSelection, at: string): Promise<StoredListener[]> {
    this.check();
    return listenerStatements.disconnectListeners(this.conn, selection, at);
  }

  async touchListeners(ids: readonly string[], instance: string, at: string): Promise<number> {
    this.check();
    return listenerStatements.touchListeners(this.conn, ids, instance, at);
  }

  async countJobsHandled(counts: ReadonlyMap<string, number>): Promise<void> {
    this.check();
    listenerStatements.countJobsHandled(this.conn, counts);
  }

  async pruneListeners(disconnectedBefore: string, limit: number): Promise<number> {
    this.check();
    return listenerStatements.pruneListeners(this.conn, disconnectedBefore, limit);
  }
}

/**
 * How hard a commit waits for the disk (with WAL). `full`: the WAL is synced before a commit's callers hear back, so an
 * answered write survives an OS crash or a power loss; `normal`: it is synced only when the WAL is copied back, so an
 * answered write survives the process dying but the last ones may be lost to an OS crash or power loss. The database is
 * never corrupted either way. Group commit makes the sync one per batch of transactions, not one each, and it runs off
 * the event loop (`WalSync`, decision 050).
 */
export type SqliteSynchronous = "normal" | "full";
// `full` by default (decision 051): its sync runs off the event loop (decision 050), and a system job's chunks do not
// wait for it (TransactionOptions.resumable), so it costs the job lifecycle rate 10-20% and the bulk jobs nothing
// measurable. README, "Durability", says what each survives.
export const DEFAULT_SQLITE_SYNCHRONOUS: SqliteSynchronous = "full";

export type SqliteStoreOptions = {
  filename: string;
  /** Default DEFAULT_SQLITE_SYNCHRONOUS. */
  synchronous?: SqliteSynchronous;
  /** How `full` syncs the WAL file (fdatasync); tests pass their own to hold or fail it. */
  syncFile?: SyncFile;
};

/**
 * The page size of a new database file (decision 049): every B-tree a commit changes costs at least one page of WAL
 * (and of the database file at the next checkpoint), so smaller pages write fewer bytes per job call; 2 KiB wrote a
 * quarter fewer per lifecycle than SQLite's 4 KiB with reads as fast, 1 KiB a little fewer again for more CPU per
 * commit.
 */
export const NEW_DATABASE_PAGE_SIZE = 2048;

function configure(db: Database.Database, writable: boolean): void {
  if (writable) {
    // Applies to a database file this connection creates; one that exists keeps the page size it was made with.
    db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    db.pragma("journal_mode = WAL");
    // Whatever SQLITE_SYNCHRONOUS says: a COMMIT syncs nothing, and `full` has WalSync sync the WAL after it.
    db.pragma("synchronous = NORMAL");
    // After a burst (a million-record job) the WAL file is cut back to 64 MiB when it is next started over.
    db.pragma("journal_size_limit = 67108864");
  }
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  db.function("topic_match", { deterministic: true }, (pattern: unknown, topic: unknown) =>
    topicMatches(String(pattern), String(topic)) ? 1 : 0,
  );
  // JavaScript's lower-casing (not SQLite's ASCII-only lower()), so search matches the memory store exactly.
  db.function("text_contains", { deterministic: true }, (text: unknown, search: unknown) =>
    String(text).toLowerCase().includes(String(search)) ? 1 : 0,
  );
  // A job's words for search, from its stored document (the migration that added search fills them with it).
  db.function("job_search_text", { deterministic: true }, (data: unknown) =>
    jobSearchText(JSON.parse(String(data)) as Job),
  );
  // Job metric histograms (JSON counts by bin) added bin by bin, as the memory store adds them.
  db.function("histogram_merge", { deterministic: true }, (into: unknown, from: unknown) => {
    const sum = JSON.parse(String(into)) as DurationHistogram;
    mergeHistogram(sum, JSON.parse(String(from)) as DurationHistogram);
    return JSON.stringify(sum);
  });
  // A cell value read with `->` (JSON text), searched exactly as the memory store searches it.
  db.function("cell_contains", { deterministic: true }, (json: unknown, search: unknown) =>
    typeof json === "string" &&
    searchableText(JSON.parse(json) as Parameters<typeof searchableText>[0])?.includes(String(search))
      ? 1
      : 0,
  );
}

/** Most transactions that share one commit. */
const MAX_GROUP = 64;

/** Longest a group waits for more transactions while they keep arriving (see GroupCommit.gatherMs). */
const GATHER_MS = 1;

/**
 * The embedded SQLite store (Node only). A writer connection runs the transactions one at a time (`BEGIN IMMEDIATE`,
 * serialised by a queue because the work is asynchronous, and group-committed under load); a second, read-only
 * connection serves reads outside transactions, so they see committed data only and never wait for a writer (WAL).
 * Once the WAL grows, a worker thread copies it back into the database file (`WalCheckpointer`), not the commits.
 */
export class SqliteStore extends SqlStore(SqliteReader) implements Store {
  readonly #writer: Connection;
  readonly #checkpointer: WalCheckpointer | undefined;
  readonly #walSync: WalSync | undefined;
  protected readonly transactions: TransactionQueue<SqliteTx>;

  private constructor(
    writer: Connection,
    reader: Connection,
    checkpointer: WalCheckpointer | undefined,
    search: CommitSearch,
    walSync: WalSync | undefined,
  ) {
    super(reader);
    this.#writer = writer;
    this.#checkpointer = checkpointer;
    this.#walSync = walSync;
    const run = (sql: string) => void writer.rows(sql).run();
    // The statements every group runs, held rather than looked up, and each step a named function, so that a CPU
    // profile tells the COMMIT (its WAL writes) from the BEGIN and the savepoints.
    const beginStatement = writer.rows("BEGIN IMMEDIATE");
    const commitStatement = writer.rows("COMMIT");
    const savepointStatement = writer.rows("SAVEPOINT work");
    const releaseStatement = writer.rows("RELEASE work");
    const rollups = new CommitRollups();
    let subjournalInMemory = false;
    const begin = (independent: boolean) => {
      // A savepoint keeps the pages its transaction changes, as they were, in a sub-journal, which SQLite moves to a
      // temporary file once it passes 64 KiB: a job call that changes a status or inserts a job does, so every group
      // of job calls created, wrote (4 KiB a page, a syscall each) and deleted a file, a third of the bytes the
      // kernel counted for a lifecycle. A group of independent transactions (one job's few rows each; the
      // sub-journal starts over at each savepoint) keeps it in memory; any other group may change a bulk of records
      // in one savepoint, so it keeps the file. The setting is read at BEGIN; changing it touches no statement, as
      // the connection has no TEMP tables.
      if (independent !== subjournalInMemory) {
        run(independent ? "PRAGMA temp_store = MEMORY" : "PRAGMA temp_store = DEFAULT");
        subjournalInMemory = independent;
      }
      beginStatement.run();
      search.begin();
    };
    this.transactions = new TransactionQueue({
      begin: (independent) => {
        const waiting = this.#checkpointer?.beforeWrite();
        return waiting ? waiting.then(() => begin(independent)) : begin(independent);
      },
      tx: () => new SqliteTx(writer, rollups),
      commit: function commit() {
        rollups.write(writer);
        search.write(writer);
        commitStatement.run();
        checkpointer?.committed();
      },
      // With `full`, the group's callers and commit listeners wait for the WAL's sync; the loop does not, and the next
      // group gathers the calls that arrive meanwhile (decision 053).
      durable: walSync ? () => walSync.sync() : undefined,
      syncing: walSync ? () => walSync.running : undefined,
      rollback: () => {
        rollups.discard();
        search.discard();
        if (writer.db.inTransaction) run("ROLLBACK");
      },
      committed: (events) => void this.listeners.emit(events),
      // Commits are the costliest statement: under load this turns one per request into one per batch.
      group: {
        max: MAX_GROUP,
        // The next turn of the event loop, so that every request that arrived in this turn joins the batch.
        defer: (flush) => setImmediate(flush),
        // Under load, also the next turns while each brings more: a commit then covers more calls (a quarter fewer
        // bytes per job lifecycle in the bench); a lone call still waits one turn.
        gatherMs: GATHER_MS,
        savepoint: function savepoint() {
          rollups.savepoint();
          savepointStatement.run();
        },
        release: function release() {
          releaseStatement.run();
        },
        rollbackToSavepoint: () => {
          rollups.rollbackToSavepoint();
          run("ROLLBACK TO work");
          releaseStatement.run();
        },
      },
    });
  }

  /** Opens (creating when missing) the database file and brings its schema up to date. */
  static open(filename: string, synchronous = DEFAULT_SQLITE_SYNCHRONOUS, syncFile?: SyncFile): SqliteStore {
    const inMemory = filename === "" || filename === ":memory:";
    if (!inMemory) {
      // A folder made here is private; an existing one is the caller's (startServer tightens the data folder).
      mkdirSync(dirname(resolve(filename)), { recursive: true, mode: 0o700 });
      makePrivateDatabaseFile(filename);
    }
    const writerDb = new Database(filename);
    let readerDb: Database.Database | undefined;
    const search = new CommitSearch();
    try {
      configure(writerDb, true);
      search.register(writerDb);
      applyMigrations(writerDb);
      // A private in-memory database cannot be shared, so it gets one connection (reads then see open writes).
      if (!inMemory) {
        readerDb = new Database(filename, { readonly: true });
        configure(readerDb, false);
      }
    } catch (error) {
      readerDb?.close();
      writerDb.close();
      throw error;
    }
    const writer = new Connection(writerDb);
    const checkpointer = inMemory ? undefined : new WalCheckpointer(filename, writerDb);
    // A database in memory has nothing to sync. A file system where SQLite cannot keep a WAL (it stays in rollback
    // mode) gets SQLite's own FULL instead: there is no WAL file to sync.
    const walMode = writerDb.pragma("journal_mode", { simple: true }) === "wal";
    if (synchronous === "full" && !inMemory && !walMode) writerDb.pragma("synchronous = FULL");
    const walSync = synchronous === "full" && walMode ? new WalSync(`${filename}-wal`, syncFile) : undefined;
    return new SqliteStore(
      writer,
      readerDb ? new Connection(readerDb) : writer,
      checkpointer,
      search,
      walSync,
    );
  }

  override transaction<T>(work: (tx: StoreTx) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.transactions.run(work, options);
  }

  /** What an answered write survives: `full` when the WAL is synced before callers hear back. */
  get synchronous(): SqliteSynchronous {
    return this.#walSync || this.writerSynchronous === 2 ? "full" : "normal";
  }

  /**
   * The writer's `PRAGMA synchronous`: 1 (NORMAL, its COMMIT syncs nothing) with a WAL, whatever `synchronous` says;
   * 2 (FULL) only for `full` on a file system that keeps no WAL.
   */
  get writerSynchronous(): number {
    return this.#writer.db.pragma("synchronous", { simple: true }) as number;
  }

  protected async closeConnections(): Promise<void> {
    if (!this.#writer.db.open) return;
    await this.#walSync?.close();
    await this.#checkpointer?.close();
    if (this.conn !== this.#writer) this.conn.db.close();
    this.#writer.db.close();
  }
}

export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  return SqliteStore.open(options.filename, options.synchronous, options.syncFile);
}
