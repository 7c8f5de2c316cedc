import type BetterSqlite3 from "better-sqlite3";

export type Migration = { version: number; name: string; sql: string };

/**
 * The schema, one numbered step at a time. A step is never edited once released: change the schema by appending
 * a step with the next version. `PRAGMA user_version` records the last step applied to a database file.
 *
 * Every table keeps the whole resource as JSON in `data`; the other columns are copies of the fields that queries
 * filter or sort on. `seq` (from the `counters` row "seq") records insertion order, which breaks ties between rows
 * created in the same millisecond exactly as the memory store does. Event positions come from the INTEGER PRIMARY
 * KEY (AUTOINCREMENT until migration 15), so they start at 1, only grow, and a rolled back append gives its position
 * back; they would be handed out again only if the newest event were deleted, which pruneEvents never does.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: "initial",
    sql: `
      CREATE TABLE counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO counters (name, value) VALUES ('seq', 0);

      CREATE TABLE spaces (
        id TEXT PRIMARY KEY,
        environment_id TEXT NOT NULL,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
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
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX jobs_created ON jobs (created_at, seq);
      CREATE INDEX jobs_space_created ON jobs (space_id, created_at, seq);
      CREATE INDEX jobs_status ON jobs (status);
      CREATE INDEX jobs_source ON jobs (source);
      CREATE INDEX jobs_parent ON jobs (parent_id) WHERE parent_id IS NOT NULL;
      CREATE INDEX jobs_workbook ON jobs (workbook_id) WHERE workbook_id IS NOT NULL;
      CREATE INDEX jobs_file ON jobs (file_id) WHERE file_id IS NOT NULL;

      CREATE TABLE events (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        domain TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        space_id TEXT,
        job_id TEXT,
        created_at TEXT NOT NULL,
        acknowledged_at TEXT,
        data TEXT NOT NULL
      );
      CREATE INDEX events_space_position ON events (space_id, position);
      CREATE INDEX events_created ON events (created_at);
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
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX workbooks_space_seq ON workbooks (space_id, seq);
      CREATE INDEX workbooks_environment_seq ON workbooks (environment_id, seq);
      CREATE INDEX workbooks_seq ON workbooks (seq);

      CREATE TABLE sheets (
        id TEXT PRIMARY KEY,
        workbook_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX sheets_workbook_seq ON sheets (workbook_id, seq);
      CREATE INDEX sheets_space ON sheets (space_id);

      -- seq numbers a sheet's records in order (per sheet, not from the shared counter); search_text holds the
      -- lower-cased cell values joined by U+0001, so an any-field search is one instr() per row.
      CREATE TABLE records (
        id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        valid INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX records_sheet_seq ON records (sheet_id, seq);
      CREATE INDEX records_sheet_valid_seq ON records (sheet_id, valid, seq);

      CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        space_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX documents_space_seq ON documents (space_id, seq);

      CREATE TABLE files (
        id TEXT PRIMARY KEY,
        space_id TEXT NOT NULL,
        mode TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX files_space_mode_created ON files (space_id, mode, created_at);
      CREATE INDEX files_space_created ON files (space_id, created_at);
      CREATE INDEX files_created ON files (created_at);

      CREATE TABLE snapshots (
        id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX snapshots_sheet_created ON snapshots (sheet_id, created_at);
      CREATE INDEX snapshots_space ON snapshots (space_id);

      CREATE TABLE snapshot_records (
        snapshot_id TEXT NOT NULL,
        ord INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, ord)
      );
    `,
  },
  {
    version: 3,
    name: "schedule slots, jobs by status and last change",
    sql: `
      -- One row per slot of a scheduled action that has its job; the primary key makes a slot's claim unique.
      CREATE TABLE schedule_slots (
        action_key TEXT NOT NULL,
        slot TEXT NOT NULL,
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
      ALTER TABLE snapshot_records ADD COLUMN seq INTEGER;
    `,
  },
  {
    version: 5,
    name: "an index behind every job list the dashboard reads, events by job",
    sql: `
      -- The jobs table filters by status, operation, type or mode, on every space or on one, newest or oldest
      -- first: each filter has an index in the list's order, so a page reads its rows in order, and each index
      -- carries the other filters' columns after those, so a count of two filters at once reads the index alone.
      -- (status, created_at, seq) also serves what jobs_status did.
      DROP INDEX jobs_status;
      CREATE INDEX jobs_status_created ON jobs (status, created_at, seq, operation, type, mode);
      CREATE INDEX jobs_operation_created ON jobs (operation, created_at, seq, status, type, mode);
      CREATE INDEX jobs_type_created ON jobs (type, created_at, seq, status, operation, mode);
      CREATE INDEX jobs_mode_created ON jobs (mode, created_at, seq, status, operation, type);
      CREATE INDEX jobs_space_status_created ON jobs (space_id, status, created_at, seq, operation, type, mode);
      CREATE INDEX jobs_space_operation_created ON jobs (space_id, operation, created_at, seq, status, type, mode);
      CREATE INDEX jobs_space_type_created ON jobs (space_id, type, created_at, seq, status, operation, mode);
      CREATE INDEX jobs_space_mode_created ON jobs (space_id, mode, created_at, seq, status, operation, type);
      -- A job's timeline (GET /events?jobId=) in log order.
      CREATE INDEX events_job_position ON events (job_id, position) WHERE job_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: "job logs",
    sql: `
      -- A job's log lines, numbered per job from 1 (seq); severity 0 debug to 3 error; bytes is what a line counts
      -- against the job's byte limit; dropped is set on the one marker line that stands in for the lines dropped;
      -- attempt is the job's attempt the line was written in (none on the marker). They go with their job (and so
      -- with its space).
      CREATE TABLE job_logs (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        severity INTEGER NOT NULL,
        time TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT,
        bytes INTEGER NOT NULL,
        dropped INTEGER,
        attempt INTEGER,
        PRIMARY KEY (job_id, seq)
      );
      -- Per job: its last seq and what it keeps, so that an append neither counts nor sums its lines.
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
    name: "records under keys, so a delete of a whole sheet hands them to its snapshot",
    sql: `
      -- A sheet's records live under its key: NULL is the sheet's id, so no existing row moves. A delete of the
      -- whole sheet gives the sheet a fresh key and its old key to the Undo snapshot (decision 033).
      ALTER TABLE sheets ADD COLUMN records_key TEXT;
      ALTER TABLE snapshots ADD COLUMN records_key TEXT;
      -- A hand-over whose snapshot row is not written yet: its records belong to no snapshot until then.
      CREATE TABLE record_hand_overs (
        snapshot_id TEXT PRIMARY KEY,
        sheet_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        records_key TEXT NOT NULL
      );
      CREATE INDEX record_hand_overs_sheet ON record_hand_overs (sheet_id);
      CREATE INDEX record_hand_overs_space ON record_hand_overs (space_id);
      -- Where each announced chunk of a handed-over snapshot starts: ord first_ord is the record at seq first_seq,
      -- the next ords the next records of the key, so a page maps ords to seqs with no dense numbering.
      CREATE TABLE snapshot_ranges (
        snapshot_id TEXT NOT NULL,
        first_ord INTEGER NOT NULL,
        first_seq INTEGER NOT NULL,
        PRIMARY KEY (snapshot_id, first_ord)
      ) WITHOUT ROWID;
      -- Ids are unique per key, not per table: Undo puts a snapshot's ids back in the sheet while the snapshot keeps
      -- them. The table is rebuilt, as SQLite changes a primary key no other way.
      CREATE TABLE records_keyed (
        id TEXT NOT NULL,
        sheet_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        valid INTEGER NOT NULL,
        search_text TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (sheet_id, id)
      );
      INSERT INTO records_keyed (id, sheet_id, seq, valid, search_text, data)
        SELECT id, sheet_id, seq, valid, search_text, data FROM records;
      DROP TABLE records;
      ALTER TABLE records_keyed RENAME TO records;
      CREATE INDEX records_sheet_seq ON records (sheet_id, seq);
      CREATE INDEX records_sheet_valid_seq ON records (sheet_id, valid, seq);
    `,
  },
  {
    version: 8,
    name: "listeners' presence",
    sql: `
      -- One row per listener that announced itself on its event stream: connected while disconnected_at is NULL,
      -- kept for a while after it disconnects; last_seen_at is refreshed by the instance holding its stream.
      CREATE TABLE listeners (
        id TEXT PRIMARY KEY,
        environment_id TEXT NOT NULL,
        data TEXT NOT NULL,
        instance TEXT NOT NULL,
        connected_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        disconnected_at TEXT,
        jobs_handled INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX listeners_disconnected ON listeners (disconnected_at);
    `,
  },
  {
    version: 9,
    name: "job search",
    sql: `
      -- A job's words (core's jobSearchText), written by the store with every insert and update; the jobs stored
      -- before get theirs from the same function (the store registers job_search_text before it migrates).
      ALTER TABLE jobs ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
      UPDATE jobs SET search_text = job_search_text(data);
      -- The words' index, kept in step by triggers. Its rows are keyed by seq, which VACUUM never renumbers as it
      -- may a rowid; detail=none keeps only which jobs hold a word, all that word and prefix queries need.
      CREATE UNIQUE INDEX jobs_seq ON jobs (seq);
      CREATE VIRTUAL TABLE jobs_search USING fts5(
        search_text, content = 'jobs', content_rowid = 'seq', detail = none,
        tokenize = 'unicode61 remove_diacritics 0'
      );
      INSERT INTO jobs_search (jobs_search) VALUES ('rebuild');
      CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_search (rowid, search_text) VALUES (new.seq, new.search_text);
      END;
      CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
      END;
      -- Most updates (progress) leave the words as they were: the index is then not touched.
      CREATE TRIGGER jobs_search_update AFTER UPDATE OF search_text ON jobs
        WHEN old.search_text IS NOT new.search_text BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
        INSERT INTO jobs_search (rowid, search_text) VALUES (new.seq, new.search_text);
      END;
    `,
  },
  {
    version: 10,
    name: "job metrics",
    sql: `
      -- Job metrics: what each minute (since the epoch) added per space ('' for none) and operation, written by the
      -- store with every job insert and update that changes them (see jobMetricChanges). The histograms are JSON
      -- objects of counts by log-scale bin, merged by histogram_merge.
      CREATE TABLE job_metric_minutes (
        minute INTEGER NOT NULL,
        space_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        created INTEGER NOT NULL,
        completed INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        canceled INTEGER NOT NULL,
        run_ms TEXT NOT NULL,
        wait_ms TEXT NOT NULL,
        PRIMARY KEY (minute, space_id, operation)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 11,
    name: "jobs by the job they run again",
    sql: `
      -- A job's re-runs (GET /jobs?rerunOf=<id>, on every job's detail page). Few jobs are re-runs: the index holds
      -- only those, so it costs the others nothing, neither bytes nor writes.
      CREATE INDEX jobs_rerun_of ON jobs (json_extract(data, '$.rerunOf'))
        WHERE json_extract(data, '$.rerunOf') IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: "jobs by the jobs they wait for",
    sql: `
      -- The jobs that name a job among their predecessorIds (GET /jobs?predecessorId=<id>): an element of an array
      -- in the job's JSON, which no index of jobs can reach. Kept by triggers, as the search index is; a job's
      -- predecessorIds are set when it is created and never change, so its insert and its delete are all there is
      -- to follow. instr() spares the JSON parse for the many jobs without predecessors.
      CREATE TABLE job_predecessors (
        predecessor_id TEXT NOT NULL,
        job_seq INTEGER NOT NULL,
        PRIMARY KEY (predecessor_id, job_seq)
      ) WITHOUT ROWID;
      INSERT OR IGNORE INTO job_predecessors (predecessor_id, job_seq)
        SELECT value, jobs.seq FROM jobs, json_each(jobs.data, '$.predecessorIds');
      CREATE TRIGGER job_predecessors_insert AFTER INSERT ON jobs
        WHEN instr(new.data, '"predecessorIds"') > 0 BEGIN
        INSERT OR IGNORE INTO job_predecessors (predecessor_id, job_seq)
          SELECT value, new.seq FROM json_each(new.data, '$.predecessorIds');
      END;
      CREATE TRIGGER job_predecessors_delete AFTER DELETE ON jobs
        WHEN instr(old.data, '"predecessorIds"') > 0 BEGIN
        DELETE FROM job_predecessors WHERE job_seq = old.seq
          AND predecessor_id IN (SELECT value FROM json_each(old.data, '$.predecessorIds'));
      END;
    `,
  },
  {
    version: 13,
    name: "space indexes hold the jobs and events of a space only",
    sql: `
      -- Every read through these indexes asks for one space (space_id = ?), so a job or an event of no space is never
      -- found through them: each of its writes (a job's insert and status changes, an event's append) dirtied a page
      -- of all six for nothing, about a seventh of what a commit of such jobs' calls wrote.
      DROP INDEX jobs_space_created;
      CREATE INDEX jobs_space_created ON jobs (space_id, created_at, seq) WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_status_created;
      CREATE INDEX jobs_space_status_created ON jobs (space_id, status, created_at, seq, operation, type, mode)
        WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_operation_created;
      CREATE INDEX jobs_space_operation_created ON jobs (space_id, operation, created_at, seq, status, type, mode)
        WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_type_created;
      CREATE INDEX jobs_space_type_created ON jobs (space_id, type, created_at, seq, status, operation, mode)
        WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_mode_created;
      CREATE INDEX jobs_space_mode_created ON jobs (space_id, mode, created_at, seq, status, operation, type)
        WHERE space_id IS NOT NULL;
      DROP INDEX events_space_position;
      CREATE INDEX events_space_position ON events (space_id, position) WHERE space_id IS NOT NULL;
    `,
  },
  {
    version: 14,
    name: "job search index without its sizes table",
    sql: `
      -- The words' index again, from the jobs' words, with columnsize=0: its docsize table (each job's word count,
      -- only for ranking by bm25, which no search asks for) took one more page with every commit that changed a
      -- job's words, such as most progress updates. The triggers of migration 9 keep it in step as before.
      DROP TABLE jobs_search;
      CREATE VIRTUAL TABLE jobs_search USING fts5(
        search_text, content = 'jobs', content_rowid = 'seq', detail = none, columnsize = 0,
        tokenize = 'unicode61 remove_diacritics 0'
      );
      INSERT INTO jobs_search (jobs_search) VALUES ('rebuild');
    `,
  },
  {
    version: 15,
    name: "events without AUTOINCREMENT and without their time index",
    sql: `
      -- The log again, with the same rows and positions, keyed by a plain INTEGER PRIMARY KEY: an append takes the
      -- largest position plus one, as AUTOINCREMENT did as long as the newest event is never deleted, which
      -- pruneEvents keeps (the only delete of events there is); positions still only grow, with no gap, and a
      -- rolled back append still gives its position back. AUTOINCREMENT wrote sqlite_sequence's page with every
      -- commit that appended an event. The created_at index (two to three pages of every such commit) is not made
      -- again: it served only listEvents' since, which event_minutes now serves.
      CREATE TABLE events_by_position (
        position INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        domain TEXT NOT NULL,
        environment_id TEXT NOT NULL,
        space_id TEXT,
        job_id TEXT,
        created_at TEXT NOT NULL,
        acknowledged_at TEXT,
        data TEXT NOT NULL
      );
      INSERT INTO events_by_position (position, id, topic, domain, environment_id, space_id, job_id, created_at,
          acknowledged_at, data)
        SELECT position, id, topic, domain, environment_id, space_id, job_id, created_at, acknowledged_at, data
        FROM events ORDER BY position;
      DROP TABLE events;
      ALTER TABLE events_by_position RENAME TO events;
      CREATE INDEX events_space_position ON events (space_id, position) WHERE space_id IS NOT NULL;
      CREATE INDEX events_job_position ON events (job_id, position) WHERE job_id IS NOT NULL;
      -- The first position of each minute of the events' times (created_at's first 16 characters, compared as text
      -- as created_at is): the events since a time are all at or after the smallest first position of the minutes
      -- from the time's own, whatever order their times were appended in. An append writes a row only when it is
      -- its minute's first, so about once a minute. pruneEvents keeps the rows a lower bound of what is left.
      CREATE TABLE event_minutes (
        minute TEXT PRIMARY KEY,
        first_position INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO event_minutes (minute, first_position)
        SELECT substr(created_at, 1, 16), MIN(position) FROM events GROUP BY 1;
      CREATE TRIGGER events_minute AFTER INSERT ON events BEGIN
        INSERT OR IGNORE INTO event_minutes (minute, first_position) VALUES (substr(new.created_at, 1, 16), new.position);
      END;
    `,
  },
  {
    version: 16,
    name: "job search index written at the commit",
    sql: `
      -- The search index's triggers again, each asking job_search_deferred (registered by the store) first: inside a
      -- commit group it notes the job and the store brings the index in step once, right before the COMMIT
      -- (CommitSearch), since FTS5 writes its pending words as a new segment at every savepoint a group opens.
      -- Outside one (these migrations) they write as before. The index and its contents do not change.
      DROP TRIGGER jobs_search_insert;
      DROP TRIGGER jobs_search_delete;
      DROP TRIGGER jobs_search_update;
      CREATE TRIGGER jobs_search_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO jobs_search (rowid, search_text) SELECT new.seq, new.search_text
          WHERE NOT job_search_deferred(new.seq, NULL);
      END;
      CREATE TRIGGER jobs_search_delete AFTER DELETE ON jobs BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) SELECT 'delete', old.seq, old.search_text
          WHERE NOT job_search_deferred(old.seq, old.search_text);
      END;
      CREATE TRIGGER jobs_search_update AFTER UPDATE OF search_text ON jobs
        WHEN old.search_text IS NOT new.search_text AND NOT job_search_deferred(old.seq, old.search_text) BEGIN
        INSERT INTO jobs_search (jobs_search, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
        INSERT INTO jobs_search (rowid, search_text) VALUES (new.seq, new.search_text);
      END;
    `,
  },
  {
    version: 17,
    name: "job counts by the jobs table's filters",
    sql: `
      -- How many jobs each combination of the jobs table's count-served filters holds (a job of no space under ''):
      -- the first page of a list filtered by those alone sums a few of these rows instead of counting every match,
      -- which on 200,000 jobs took 5-10 ms of a 200-row page's 8-12. The triggers keep it in step in the writes'
      -- own transactions; its page is written about once in two commits (0.8 KiB of WAL per job lifecycle).
      CREATE TABLE job_counts (
        environment_id TEXT NOT NULL,
        space_id TEXT NOT NULL,
        status TEXT NOT NULL,
        operation TEXT NOT NULL,
        type TEXT NOT NULL,
        mode TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (environment_id, space_id, status, operation, type, mode)
      ) WITHOUT ROWID;
      INSERT INTO job_counts (environment_id, space_id, status, operation, type, mode, n)
        SELECT environment_id, COALESCE(space_id, ''), status, operation, type, mode, COUNT(*) FROM jobs
        GROUP BY 1, 2, 3, 4, 5, 6;
      CREATE TRIGGER job_counts_insert AFTER INSERT ON jobs BEGIN
        INSERT INTO job_counts (environment_id, space_id, status, operation, type, mode, n)
          VALUES (new.environment_id, COALESCE(new.space_id, ''), new.status, new.operation, new.type, new.mode, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
      CREATE TRIGGER job_counts_delete AFTER DELETE ON jobs BEGIN
        UPDATE job_counts SET n = n - 1
          WHERE environment_id = old.environment_id AND space_id = COALESCE(old.space_id, '')
            AND status = old.status AND operation = old.operation AND type = old.type AND mode = old.mode;
      END;
      CREATE TRIGGER job_counts_update AFTER UPDATE OF environment_id, space_id, status, operation, type, mode ON jobs
        WHEN old.environment_id IS NOT new.environment_id OR old.space_id IS NOT new.space_id
          OR old.status IS NOT new.status OR old.operation IS NOT new.operation OR old.type IS NOT new.type
          OR old.mode IS NOT new.mode BEGIN
        UPDATE job_counts SET n = n - 1
          WHERE environment_id = old.environment_id AND space_id = COALESCE(old.space_id, '')
            AND status = old.status AND operation = old.operation AND type = old.type AND mode = old.mode;
        INSERT INTO job_counts (environment_id, space_id, status, operation, type, mode, n)
          VALUES (new.environment_id, COALESCE(new.space_id, ''), new.status, new.operation, new.type, new.mode, 1)
          ON CONFLICT DO UPDATE SET n = n + 1;
      END;
    `,
  },
  {
    version: 18,
    name: "operation, type and mode indexes without the status",
    sql: `
      -- The status among these indexes' columns let a list filtered by a status and one of them be read in the index
      -- alone, but every status change (three in a job's life) rewrote an entry of each: each of the global three
      -- took 1.8 KiB of WAL per job lifecycle, half of it those rewrites. The status's own indexes hold the
      -- operation, type and mode; the store walks whichever of the two reaches the page for less, by the counts of
      -- migration 17.
      DROP INDEX jobs_operation_created;
      CREATE INDEX jobs_operation_created ON jobs (operation, created_at, seq, type, mode);
      DROP INDEX jobs_type_created;
      CREATE INDEX jobs_type_created ON jobs (type, created_at, seq, operation, mode);
      DROP INDEX jobs_mode_created;
      CREATE INDEX jobs_mode_created ON jobs (mode, created_at, seq, operation, type);
      DROP INDEX jobs_space_operation_created;
      CREATE INDEX jobs_space_operation_created ON jobs (space_id, operation, created_at, seq, type, mode)
        WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_type_created;
      CREATE INDEX jobs_space_type_created ON jobs (space_id, type, created_at, seq, operation, mode)
        WHERE space_id IS NOT NULL;
      DROP INDEX jobs_space_mode_created;
      CREATE INDEX jobs_space_mode_created ON jobs (space_id, mode, created_at, seq, operation, type)
        WHERE space_id IS NOT NULL;
    `,
  },
];

/** The version a fully migrated database has. */
export const latestVersion: number = migrations.at(-1)?.version ?? 0;

/**
 * Brings `db` up to the latest version: each pending step runs in its own `BEGIN IMMEDIATE` transaction together
 * with the `user_version` bump, so a crash or a concurrent opener never leaves a half-applied step.
 */
export function applyMigrations(db: BetterSqlite3.Database): void {
  const found = db.pragma("user_version", { simple: true }) as number;
  if (found > latestVersion) {
    throw new Error(`database schema version ${found} is newer than this build knows (${latestVersion})`);
  }
  for (const migration of migrations) {
    db.transaction(() => {
      // Read again under the write lock: another process may have applied the step in the meantime.
      const current = db.pragma("user_version", { simple: true }) as number;
      if (current >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${Math.trunc(migration.version)}`);
    }).immediate();
  }
}
