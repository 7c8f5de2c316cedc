import { searchWords, topicMatches, type Event, type Job, type Space } from "../../../core";
import {
  actionMount,
  MOUNT_KINDS,
  MOUNT_TABLES,
  SCHEDULE_LIKE,
  scheduledOnly,
  type ActionMount,
} from "../action-mounts";
import type {
  EventLogRange,
  EventQuery,
  JobLogQuery,
  JobPage,
  JobQuery,
  Page,
  SpaceQuery,
  StoreReader,
  StoredListener,
} from "../store";
import type { JobMetricRollup } from "../../metrics/job-metric-changes";
import { ROLLUP_COLUMNS, rollupOfRow, type RollupRow } from "../../metrics/rollup-rows";
import { readPostgresJobLogs } from "./job-logs";
import * as listenerStatements from "./listener-statements";
import { Params, queryRows, queryValues, readCountedPage, readPage, where } from "./query";
import { ResourceReader } from "./resource-reader";

export type EventRow = { position: string | number; data: Omit<Event, "position"> };

/** An event as read: its document with the position put back in (last, as the SQLite store does). */
export const toEvent = (row: EventRow): Event => ({ ...row.data, position: Number(row.position) });
/** The same as one JSON value, for `readPage`. */
const EVENT_ITEM = "json_build_object('position', position, 'data', data)";

/** How many jobs of the list a search reads in order to tell whether most jobs match it (see `listJobs`). */
const SEARCH_SCAN = 4_000;
/**
 * A word held by more than this share of the jobs the search read first is checked on each job the index names
 * rather than asked of the index: a prefix query collects every match of its word before the first.
 */
const COMMON_WORD_SHARE = 0.05;
/**
 * What reading one match through the GIN index costs, in jobs read in the list's order: each match is a heap page
 * of its own, where the list's order reads neighbours (1,000,000 jobs: 25,000 matches took 160 ms, 8,400 jobs read
 * in order 5 ms).
 */
const INDEX_MATCH_COST = 8;

/**
 * A search: the id alone (no words), the `indexed` words through the GIN index (the others checked on each job it
 * names), or each job's words read in list order.
 */
type JobSearch =
  | { kind: "id" | "dense"; id: string; words: string[] }
  | { kind: "index"; id: string; words: string[]; indexed: string[] }
  | undefined;

/** Whether a job's search_text has a word beginning with each of `words`. */
function holdsWords(params: Params, words: string[]): string {
  // search_text is its words, each after a space once one is put in front: a word's beginning follows a space.
  const each = words.map((word) => `position(${params.p(` ${word}`)} in ' ' || search_text) > 0`);
  return `(${each.join(" AND ")})`;
}

/** The job with id `id`, or a job whose search_text has a word beginning with each of `words`. */
function denseCondition(params: Params, id: string, words: string[]): string {
  return `(id = ${params.p(id)} OR ${holdsWords(params, words)})`;
}

/** The same through the GIN index: its expression word for word, lexemes as stored, each word a prefix (migration 8). */
function indexCondition(params: Params, id: string, words: string[]): string {
  const query = words.map((word) => `'${word}':*`).join(" & ");
  return `(id = ${params.p(id)} OR array_to_tsvector(string_to_array(search_text, ' ')) @@ ${params.p(query)}::tsquery)`;
}

/** The WHERE clause of a jobs query; a search "index" is the caller's (see `listJobs`). */
function jobFilter(q: JobQuery, params: Params, search: JobSearch): string {
  const descending = q.sortDirection === "desc";
  return where([
    [!!q.environmentId, () => `environment_id = ${params.p(q.environmentId)}`],
    [!!q.spaceId, () => `space_id = ${params.p(q.spaceId)}`],
    [
      !!q.workbookId,
      () => {
        const id = params.p(q.workbookId);
        return `(workbook_id = ${id} OR source = ${id})`;
      },
    ],
    [
      !!q.fileId,
      () => {
        const id = params.p(q.fileId);
        return `(file_id = ${id} OR source = ${id})`;
      },
    ],
    [!!q.parentId, () => `parent_id = ${params.p(q.parentId)}`],
    // The expression of the partial index jobs_rerun_of (migration 10), word for word, so that it is used.
    [!!q.rerunOf, () => `(data ->> 'rerunOf') = ${params.p(q.rerunOf)}`],
    // The partial GIN index jobs_predecessors (migration 11): its predicate, then its expression, word for word.
    [
      !!q.predecessorId,
      () =>
        `(data ->> 'predecessorIds') IS NOT NULL AND (data::jsonb -> 'predecessorIds') @> jsonb_build_array(${params.p(q.predecessorId)}::text)`,
    ],
    [!!q.status, () => `status = ${params.p(q.status)}`],
    [!!q.operation, () => `operation = ${params.p(q.operation)}`],
    [!!q.type, () => `type = ${params.p(q.type)}`],
    [!!q.mode, () => `mode = ${params.p(q.mode)}`],
    [!!q.updatedBefore, () => `updated_at < ${params.p(q.updatedBefore)}`],
    [!!q.excludeChildJobs, () => "parent_id IS NULL"],
    [!!q.source, () => `source = ${params.p(q.source)}`],
    [!!q.createdFrom, () => `created_at >= ${params.p(q.createdFrom)}`],
    [!!q.createdTo, () => `created_at < ${params.p(q.createdTo)}`],
    [!!q.finishedFrom, () => `(data ->> 'finishedAt') COLLATE "C" >= ${params.p(q.finishedFrom)}`],
    [!!q.finishedTo, () => `(data ->> 'finishedAt') COLLATE "C" < ${params.p(q.finishedTo)}`],
    [!!q.createdBy, () => `data ->> 'createdBy' = ${params.p(q.createdBy)}`],
    [search?.kind === "id", () => `id = ${params.p(search?.id)}`],
    [search?.kind === "dense", () => denseCondition(params, search?.id ?? "", search?.words ?? [])],
    [
      search?.kind === "index" && search.indexed.length < search.words.length,
      () =>
        search?.kind === "index"
          ? denseCondition(
              params,
              search.id,
              search.words.filter((word) => !search.indexed.includes(word)),
            )
          : "",
    ],
    [
      !!q.after,
      () =>
        `(created_at, seq) ${descending ? "<" : ">"} (${params.p(q.after?.createdAt)}, ${params.p(q.after?.seq)}::bigint)`,
    ],
  ]);
}

/** Reads over the pool outside transactions and over the transaction's client inside them. */
/** A minute bound as the INTEGER column takes it (a caller may pass an unbounded range). */
const clampMinute = (minute: number) => Math.max(-2_147_483_648, Math.min(2_147_483_647, Math.floor(minute)));

export class PostgresReader extends ResourceReader implements StoreReader {
  async getJob(id: string): Promise<Job | undefined> {
    const [job] = await queryValues<Job>(this.db, "SELECT data FROM jobs WHERE id = $1", [id]);
    return job;
  }

  async readJobMetricRollups(
    fromMinute: number,
    toMinute: number,
    spaceId?: string,
  ): Promise<JobMetricRollup[]> {
    const rows = await queryRows<RollupRow>(
      this.db,
      `SELECT ${ROLLUP_COLUMNS} FROM job_metric_minutes WHERE minute >= $1 AND minute < $2${
        spaceId === undefined ? "" : " AND space_id = $3"
      }`,
      spaceId === undefined
        ? [clampMinute(fromMinute), clampMinute(toMinute)]
        : [clampMinute(fromMinute), clampMinute(toMinute), spaceId],
    );
    return rows.map(rollupOfRow);
  }

  async firstJobMetricMinute(): Promise<number | undefined> {
    const [minute] = await queryValues<number | null>(
      this.db,
      "SELECT MIN(minute) FROM job_metric_minutes",
      [],
    );
    return minute ?? undefined;
  }

  async listJobs(q: JobQuery): Promise<JobPage> {
    const words = q.search ? searchWords(q.search) : [];
    const direction = q.sortDirection === "desc" ? "DESC" : "ASC";
    const order = `created_at ${direction}, seq ${direction}`;
    let search: JobSearch = !q.search
      ? undefined
      : words.length > 0
        ? { kind: "index", id: q.search, words, indexed: words }
        : { kind: "id", id: q.search, words };
    if (search?.kind === "index") {
      // A word most jobs hold is read in the list's order, checking each job's words, as the SQLite store does: the
      // planner cannot tell it from the index's statistics for a prefix, and sorting its matches costs the most.
      // The same jobs tell how common each word is.
      const params = new Params();
      const hit = denseCondition(params, search.id, words);
      const each = words.map((word, i) => `${holdsWords(params, [word])} AS w${i}`);
      const base = jobFilter(q, params, undefined);
      // The planner's estimate of the jobs stored (ANALYZE, autovacuum) sizes what the index would name.
      const [probe] = await queryValues<number[]>(
        this.db,
        `SELECT ARRAY[COUNT(*), COUNT(*) FILTER (WHERE hit),
           (SELECT reltuples FROM pg_class WHERE oid = 'jobs'::regclass)${words.map((_, i) => `, COUNT(*) FILTER (WHERE w${i})`).join("")}]::float8[]
         FROM (SELECT ${hit} AS hit, ${each.join(", ")} FROM jobs${base} ORDER BY ${order}
           LIMIT ${params.p(SEARCH_SCAN)}) AS listed`,
        params.values,
      );
      const [seen = 0, hits = 0, stored = 0, ...held] = probe ?? [];
      const wanted = Math.max(q.offset + q.limit, q.countLimit ?? Number.POSITIVE_INFINITY);
      // Matches as common as among those jobs: the list reads wanted * seen / hits jobs to fill the page, the index
      // hits / seen of all jobs. Whichever reads less.
      const inOrder = (wanted * seen) / hits;
      const throughIndex = (hits / seen) * Math.max(stored, seen) * INDEX_MATCH_COST;
      if (seen < SEARCH_SCAN || hits >= wanted || (hits > 0 && inOrder <= throughIndex))
        search = { ...search, kind: "dense" };
      else {
        // The index is asked for the words few of those jobs hold (at least the rarest).
        const rarest = Math.min(...held);
        const indexed = words.filter((_, i) => held[i]! <= seen * COMMON_WORD_SHARE || held[i] === rarest);
        search = { ...search, indexed };
      }
    }
    const params = new Params();
    // Few matches among the newest: the index's matches, fenced (OFFSET 0) so that the planner sorts them rather
    // than walk the list's order hoping to meet them soon (its estimate for a prefix is far too high).
    const from =
      search?.kind === "index"
        ? `(SELECT * FROM jobs WHERE ${indexCondition(params, search.id, search.indexed)} OFFSET 0) AS jobs`
        : "jobs";
    const page = await readCountedPage<{ c: string; s: number; d: Job }>(
      this.db,
      params,
      `${from}${jobFilter(q, params, search)}`,
      order,
      q,
      "json_build_object('c', created_at, 's', seq, 'd', data)",
    );
    const last = page.items.at(-1);
    return {
      items: page.items.map((item) => item.d),
      total: page.total,
      ...(last ? { last: { createdAt: last.c, seq: Number(last.s) } } : {}),
    };
  }

  listJobsWaitingOn(predecessorId: string): Promise<Job[]> {
    return queryValues<Job>(
      this.db,
      "SELECT data FROM jobs WHERE status = 'waiting' AND (data -> 'predecessorIds')::jsonb ? $1 ORDER BY seq",
      [predecessorId],
    );
  }

  async getSpace(id: string): Promise<Space | undefined> {
    const [space] = await queryValues<Space>(this.db, "SELECT data FROM spaces WHERE id = $1", [id]);
    return space;
  }

  listSpaces(q: SpaceQuery): Promise<Page<Space>> {
    const params = new Params();
    const filter = where([
      [!!q.environmentId, () => `environment_id = ${params.p(q.environmentId)}`],
      [!!q.search, () => `strpos(name_search, ${params.p(q.search?.toLowerCase())}) > 0`],
    ]);
    return readPage(this.db, params, `spaces${filter}`, "seq", q);
  }

  async getEvent(id: string): Promise<Event | undefined> {
    const [row] = await queryRows<EventRow>(this.db, "SELECT position, data FROM events WHERE id = $1", [id]);
    return row ? toEvent(row) : undefined;
  }

  async listEvents(q: EventQuery): Promise<Page<Event>> {
    // Topic globs follow core's `topicMatches`; the log holds few distinct topics, so they are matched here.
    const topics = q.topic
      ? (await queryValues<string>(this.db, "SELECT DISTINCT topic FROM events")).filter((topic) =>
          topicMatches(q.topic as string, topic),
        )
      : [];
    const params = new Params();
    const filter = where([
      [!!q.environmentId, () => `environment_id = ${params.p(q.environmentId)}`],
      [!!q.spaceId, () => `space_id = ${params.p(q.spaceId)}`],
      [!!q.jobId, () => `job_id = ${params.p(q.jobId)}`],
      [!!q.domain, () => `domain = ${params.p(q.domain)}`],
      [!!q.topic, () => `topic = ANY(${params.p(topics)}::text[])`],
      [!!q.since, () => `created_at >= ${params.p(q.since)}`],
      [q.includeAcknowledged === false, () => "acknowledged_at IS NULL"],
    ]);
    return readPage(this.db, params, `events${filter}`, "position", q, EVENT_ITEM, toEvent);
  }

  async readEventsAfter(position: number, limit: number, range: EventLogRange = {}): Promise<Event[]> {
    const { through, filter = {} } = range;
    const globs = filter.topics ?? [];
    // Globs become the log's topics that match them, read after `through` was chosen: every topic up to it is there.
    const topics = globs.length ? (await this.#topics()).filter((topic) => topicMatches(globs, topic)) : [];
    if (globs.length && !topics.length) return [];
    const params = new Params();
    const conditions = where([
      [true, () => `position > ${params.p(position)}`],
      [through !== undefined, () => `position <= ${params.p(through)}`],
      [!!filter.spaceId, () => `space_id = ${params.p(filter.spaceId)}`],
      [!!filter.domain, () => `domain = ${params.p(filter.domain)}`],
      [topics.length > 0, () => `topic = ANY(${params.p(topics)}::text[])`],
    ]);
    const rows = await queryRows<EventRow>(
      this.db,
      `SELECT position, data FROM events${conditions} ORDER BY position LIMIT ${params.p(limit)}`,
      params.values,
    );
    return rows.map(toEvent);
  }

  /** The log's distinct topics, one index probe each (a loose scan of events_topic): a log holds few of them. */
  async #topics(): Promise<string[]> {
    return queryValues<string>(
      this.db,
      `WITH RECURSIVE t(topic) AS (
         SELECT MIN(topic) FROM events
         UNION ALL
         SELECT (SELECT MIN(topic) FROM events WHERE topic > t.topic) FROM t WHERE t.topic IS NOT NULL
       ) SELECT topic FROM t WHERE topic IS NOT NULL`,
    );
  }

  readJobLogs(jobId: string, q: JobLogQuery) {
    return readPostgresJobLogs(this.db, jobId, q);
  }

  async lastEventPosition(): Promise<number> {
    const [position] = await queryValues<string>(this.db, "SELECT COALESCE(MAX(position), 0) FROM events");
    return Number(position ?? 0);
  }

  async firstEventPosition(): Promise<number> {
    const [position] = await queryValues<string>(this.db, "SELECT COALESCE(MIN(position), 0) FROM events");
    return Number(position ?? 0);
  }

  /** One statement over the five tables, so the list comes from one snapshot even outside a transaction. */
  listListeners(q: { environmentId?: string; disconnectedSince?: string }): Promise<StoredListener[]> {
    return listenerStatements.listListeners(this.db, q);
  }

  async listScheduledActionSources(): Promise<ActionMount[]> {
    const selects = MOUNT_KINDS.map(
      (type, index) =>
        `SELECT ${index} AS kind, seq, data FROM ${MOUNT_TABLES[type]} WHERE data::text LIKE $1`,
    );
    const rows = await queryRows<{ kind: number; data: never }>(
      this.db,
      `${selects.join(" UNION ALL ")} ORDER BY kind, seq`,
      [SCHEDULE_LIKE],
    );
    return rows.flatMap(({ kind, data }) => {
      const scheduled = scheduledOnly(actionMount(MOUNT_KINDS[kind]!, data));
      return scheduled ? [scheduled] : [];
    });
  }
}
