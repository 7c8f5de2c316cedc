import type pg from "pg";

export type Migration = { version: number; name: string; sql: string };

/**
 * The PostgreSQL schema, one numbered step at a time, mirroring the SQLite adapter's tables. A step is never edited
 * once released: change the schema by appending a step with the next version. `schema_migrations` records the steps
 * applied to a schema.
 *
 * Every table keeps the whole resource as JSON in `data`: the `json` type, not `jsonb`, because `jsonb` reorders an
 * object's keys and services compare documents by their JSON text (`JSON.stringify(old) !== JSON.stringify(new)`),
 * as the memory and SQLite stores keep them. The other columns are copies of the fields that queries filter or
 * sort on. `seq` (from the shared sequence `resource_seq`) records insertion order and breaks ties between
 * rows created in the same millisecond, as the memory store does; records number themselves per sheet instead.
 * Timestamps are ISO text compared byte-wise (`COLLATE "C"`), as SQLite compares them.
 *
 * Event positions are NOT a sequence: a sequence does not give a rolled back number back, and a position taken by a
 * transaction that commits later than a higher one would let a reader skip it. An append takes a transaction-level
 * advisory lock and then `MAX(position) + 1` (see `PostgresTx.appendEvent`), so positions are dense and become
 * visible in position order.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
      CREATE SEQUENCE resource_seq;

      CREATE TABLE spaces (
        id TEXT PRIMARY KEY,
        environment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        -- the name lower-cased by JavaScript's rules, so that search matches the memory store exactly
        name_search TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX spaces_environment_seq ON spaces (environment_id, seq);
      CREATE INDEX spaces_seq ON spaces (seq);

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        environment_id TEXT NOT NULL,
        space_id TEXT,
        workbook_id TEXT,
        file_id TEXT,
        source TEXT NOT NULL,
        parent_id TEXT,
        status TEXT NOT NULL,
        operation TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX jobs_created ON jobs (created_at, seq);
      CREATE INDEX jobs_space_created ON jobs (space_id, created_at, seq);
      CREATE INDEX jobs_status ON jobs (status);
      CREATE INDEX jobs_source ON jobs (source);
      CREATE INDEX jobs_parent ON jobs (parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX jobs_workbook ON jobs (workbook_id) WHERE workbook_id IS NOT NULL;
      CREATE INDEX jobs_file ON jobs (file_id) WHERE file_id IS NOT NULL;

      CREATE TABLE events (
        position BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        domain TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        space_id TEXT,
        job_id TEXT,
        created_at TEXT COLLATE "C" NOT NULL,
        acknowledged_at TEXT COLLATE "C",
        data JSON NOT NULL
      );
      CREATE INDEX events_space_position ON events (space_id, position);
      CREATE INDEX events_created ON events (created_at);
      CREATE INDEX events_topic ON events (topic);
    `,
  },
  {
    version: 2,
    name: "workbooks, sheets, records, documents, files, snapshots",
    sql: `
      CREATE TABLE workbooks (
        id TEXT PRIMARY KEY,
        space_id TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX workbooks_space_seq ON workbooks (space_id, seq);
      CREATE INDEX workbooks_environment_seq ON workbooks (environment_id, seq);
      CREATE INDEX workbooks_seq ON workbooks (seq);

      CREATE TABLE sheets (
        id TEXT PRIMARY KEY,
        workbook_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX sheets_workbook_seq ON sheets (workbook_id, seq);
      CREATE INDEX sheets_space ON sheets (space_id);

      -- seq numbers a sheet's records in order (per sheet); search_text holds the cell values lower-cased by
      -- JavaScript and joined by U+0001 (an any-field search is one strpos() per row), search_fields the same
      -- values per field key (a one-field search).
      CREATE TABLE records (
        id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        valid BOOLEAN NOT NULL,
        search_text TEXT NOT NULL,
        search_fields JSONB NOT NULL,
        data JSON NOT NULL
      );
      CREATE INDEX records_sheet_seq ON records (sheet_id, seq);
      CREATE INDEX records_sheet_valid_seq ON records (sheet_id, valid, seq);

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        space_id TEXT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX documents_space_seq ON documents (space_id, seq);

      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        space_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX files_space_mode_created ON files (space_id, mode, created_at);
      CREATE INDEX files_space_created ON files (space_id, created_at);
      CREATE INDEX files_created ON files (created_at);

      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('resource_seq'),
        data JSON NOT NULL
      );
      CREATE INDEX snapshots_sheet_created ON snapshots (sheet_id, created_at);
      CREATE INDEX snapshots_space ON snapshots (space_id);

      CREATE TABLE snapshot_records (
        snapshot_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        data JSON NOT NULL,
        PRIMARY KEY (snapshot_id, ord)
      );
    `,
  },
  {
    version: 3,
    name: "schedule slots, jobs by status and last change",
    sql: `
      -- One row per slot of a scheduled action that has its job; the primary key makes a slot's claim unique
      -- across instances (INSERT ... ON CONFLICT DO NOTHING).
      CREATE TABLE schedule_slots (
        action_key TEXT NOT NULL,
        slot TEXT COLLATE "C" NOT NULL,
        job_id TEXT NOT NULL,
        PRIMARY KEY (action_key, slot)
      );
      CREATE INDEX schedule_slots_slot ON schedule_slots (slot);
      -- The watchdog looks for ready and executing jobs not changed for a while.
      CREATE INDEX jobs_status_updated ON jobs (status, updated_at);
    `,
  },
  {
    version: 4,
    name: "snapshot records keep their place in the sheet",
    sql: `
      -- The record's seq when it was copied, so that a restore puts a deleted record back where it was (NULL for
      -- the records of snapshots taken before).
      ALTER TABLE snapshot_records ADD COLUMN seq BIGINT;
    `,
  },
  {
    version: 5,
    name: "an index behind every job list the dashboard reads, events by job",
    sql: `
      -- As in the SQLite store: each filter of the jobs table in the list's order, on every space and on one, with
      -- the other filters' columns included so that two filters at once are counted from the index.
      DROP INDEX jobs_status;
      CREATE INDEX jobs_status_created ON jobs (status, created_at, seq) INCLUDE (operation, type, mode);
      CREATE INDEX jobs_operation_created ON jobs (operation, created_at, seq) INCLUDE (status, type, mode);
      CREATE INDEX jobs_type_created ON jobs (type, created_at, seq) INCLUDE (status, operation, mode);
      CREATE INDEX jobs_mode_created ON jobs (mode, created_at, seq) INCLUDE (status, operation, type);
      CREATE INDEX jobs_space_status_created ON jobs (space_id, status, created_at, seq) INCLUDE (operation, type, mode);
      CREATE INDEX jobs_space_operation_created ON jobs (space_id, operation, created_at, seq) INCLUDE (status, type, mode);
      CREATE INDEX jobs_space_type_created ON jobs (space_id, type, created_at, seq) INCLUDE (status, operation, mode);
      CREATE INDEX jobs_space_mode_created ON jobs (space_id, mode, created_at, seq) INCLUDE (status, operation, type);
      -- A job's timeline (GET /events?jobId=) in log order.
      CREATE INDEX events_job_position ON events (job_id, position) WHERE job_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: "job logs",
    sql: `
      -- As in the SQLite store: a job's lines numbered per job, the one marker line with dropped set, and a head
      -- per job. message_search is the message lower-cased by JavaScript's rules, so that search matches the memory
      -- store exactly; attempt is the job's attempt the line was written in. Both go with their job.
      CREATE TABLE job_logs (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        severity SMALLINT NOT NULL,
        time TEXT NOT NULL,
        message TEXT NOT NULL,
        message_search TEXT NOT NULL,
        data JSON,
        bytes INTEGER NOT NULL,
        dropped INTEGER,
        attempt INTEGER,
        PRIMARY KEY (job_id, seq)
      );
      CREATE TABLE job_log_heads (
        job_id TEXT PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
        last_seq INTEGER NOT NULL,
        lines INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        dropped INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: "listeners' presence",
    sql: `
      -- One row per listener that announced itself on its event stream: connected while disconnected_at is NULL,
      -- kept for a while after it disconnects. The instance holding its stream refreshes last_seen_at every few
      -- seconds; a row it stopped refreshing (the instance died) is disconnected by any instance, once.
      CREATE TABLE listeners (
        id TEXT PRIMARY KEY,
        environment_id TEXT NOT NULL,
        data JSON NOT NULL,
        instance TEXT NOT NULL,
        connected_at TEXT COLLATE "C" NOT NULL,
        last_seen_at TEXT COLLATE "C" NOT NULL,
        disconnected_at TEXT COLLATE "C",
        jobs_handled BIGINT NOT NULL DEFAULT 0
      );
      CREATE INDEX listeners_disconnected ON listeners (disconnected_at);
    `,
  },
  {
    version: 8,
    name: "job search",
    sql: `
      -- A job's words (core's jobSearchText), written by the store with every insert and update. Jobs stored before
      -- get theirs here, split at every character that is not an ASCII letter or digit, not at non-ASCII ones:
      -- their classes and lower case follow the database's locale (none under C), so a word like "Zürich" stays
      -- whole.
      ALTER TABLE jobs ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
      UPDATE jobs SET search_text = coalesce((
        SELECT string_agg(DISTINCT left(word, 64), ' ')
        FROM regexp_split_to_table(lower(operation
          || ' ' || coalesce(data ->> 'info', '')
          || ' ' || coalesce(data -> 'outcome' ->> 'message', '')
          || ' ' || coalesce((
            SELECT string_agg(value #>> '{}', ' ')
            FROM jsonb_path_query(data::jsonb -> 'input', 'strict $.**') AS value
            WHERE jsonb_typeof(value) = 'string'), '')), '[^0-9a-z\\u0080-\\uffff]+') AS word
        WHERE word <> ''), '');
      -- The words are lexemes as they are (no parser, no dictionary), so a prefix query (word:*) matches exactly
      -- what the other stores match.
      CREATE INDEX jobs_search ON jobs USING gin (array_to_tsvector(string_to_array(search_text, ' ')));
    `,
  },
  {
    version: 9,
    name: "job metrics",
    sql: `
      -- Job metrics: what each minute (since the epoch) added per space ('' for none) and operation, written by the
      -- store with every job insert and update that changes them (see jobMetricChanges). The histograms are JSON
      -- objects of counts by log-scale bin, added bin by bin by job_histogram_merge (a bin that reaches 0 is
      -- dropped, as the memory store drops it).
      CREATE TABLE job_metric_minutes (
        minute INTEGER NOT NULL,
        space_id TEXT COLLATE "C" NOT NULL,
        operation TEXT COLLATE "C" NOT NULL,
        created INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        canceled INTEGER NOT NULL,
        run_ms JSONB NOT NULL,
        wait_ms JSONB NOT NULL,
        PRIMARY KEY (minute, space_id, operation)
      );
      CREATE FUNCTION job_histogram_merge(a JSONB, b JSONB) RETURNS JSONB LANGUAGE sql IMMUTABLE AS $$
        SELECT COALESCE(jsonb_object_agg(k, s), '{}'::jsonb) FROM (
          SELECT k, SUM(v::bigint) AS s
          FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) AS x(k, v)
          GROUP BY k HAVING SUM(v::bigint) <> 0
        ) AS y
      $$;
    `,
  },
  {
    version: 10,
    name: "jobs by the job they run again",
    sql: `
      -- A job's re-runs (GET /jobs?rerunOf=<id>, on every job's detail page). Few jobs are re-runs: the index holds
      -- only those, so it costs the others nothing.
      CREATE INDEX jobs_rerun_of ON jobs ((data ->> 'rerunOf')) WHERE (data ->> 'rerunOf') IS NOT NULL;
    `,
  },
  {
    version: 11,
    name: "jobs by the jobs they wait for",
    sql: `
      -- The jobs that name a job among their predecessorIds (GET /jobs?predecessorId=<id>): an element of an array
      -- in the job's JSON, found through a GIN index of the array. Only jobs with predecessors are in it.
      CREATE INDEX jobs_predecessors ON jobs USING gin ((data::jsonb -> 'predecessorIds'))
        WHERE (data ->> 'predecessorIds') IS NOT NULL;
    `,
  },
];

/** The version a fully migrated schema has. */
export const latestVersion: number = migrations.at(-1)?.version ?? 0;

/** First key of the advisory locks this adapter takes; the second is a hash of the schema name. */
export const LOCK_CLASS = 0x4a0b;
/** Second key namespaces, added to the schema's hash so that each lock of a schema is distinct. */
export const MIGRATION_LOCK = "migrations";
export const EVENT_LOCK = "events";

/** `pg_advisory_xact_lock` on (LOCK_CLASS, hash of this schema and `name`): held until the transaction ends. */
export const advisoryXactLock = (name: string): string =>
  `SELECT pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(current_schema() || '/${name}'))`;

/**
 * Brings the current schema (the first on `search_path`) up to the latest version. Each pending step runs in its
 * own transaction together with its `schema_migrations` row, under a transaction-level advisory lock, so two
 * instances starting at once apply every step exactly once and a crash never leaves a half-applied step.
 */
export async function applyMigrations(client: pg.ClientBase): Promise<void> {
  for (const migration of migrations) {
    await client.query("BEGIN");
    try {
      await client.query(advisoryXactLock(MIGRATION_LOCK));
      // Under the lock: the table may have been created, and the step applied, by another instance meanwhile.
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )`,
      );
      const found = await client.query<{ version: number | null }>(
        "SELECT MAX(version) AS version FROM schema_migrations",
      );
      const current = found.rows[0]?.version ?? 0;
      if (current > latestVersion) {
        throw new Error(
          `database schema version ${current} is newer than this build knows (${latestVersion})`,
        );
      }
      if (current < migration.version) {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          migration.version,
          migration.name,
        ]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }
}
