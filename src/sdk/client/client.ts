import type { z } from "zod";
import type {
  AccessToken,
  Action,
  CreateSnapshotRequest,
  CreateTokenRequest,
  CreateWorkbookConfig,
  DocumentConfig,
  DocumentUpdate,
  DiffRecord,
  DownloadLink,
  Event,
  FindAndReplaceBody,
  FindAndReplaceJobConfig,
  FindAndReplacePreview,
  FindAndReplaceQuery,
  FindAndReplaceResult,
  EventStreamQuery,
  GetRecordsCsvQuery,
  GetRecordsQuery,
  InsertRecordsBody,
  Job,
  JobExecutionPlanConfigRequest,
  JobExecutionPlanRequest,
  JobPlan,
  JobAckDetails,
  JobCancelDetails,
  JobCompleteDetails,
  JobConfig,
  JobFailDetails,
  JobSplitDetails,
  JobLogLineInput,
  JobLogPage,
  JobLogsAppended,
  JobLogsQuery,
  JobMetrics,
  JobMetricsQuery,
  JobUpdate,
  ListEventsQuery,
  ListListenersQuery,
  ListenerPresence,
  ListFilesQuery,
  ListJobsQuery,
  ListSpacesQuery,
  ListWorkbooksQuery,
  MutateJobConfig,
  Sheet,
  SheetRecord,
  SheetUpdate,
  Snapshot,
  Space,
  SpaceConfig,
  SpaceDocument,
  SpaceFile,
  UpdateFile,
  UpdateRecordsBody,
  UploadFileFields,
  ValidateSheetResult,
  Workbook,
  WorkbookUpdate,
  FileMode,
  Pagination,
} from "../../core";
import {
  apiUrl,
  HttpClient,
  type ClientOptions,
  type Page,
  type RequestOptions,
  type UploadOptions,
} from "./http";
import type {
  DeleteRecordsResult,
  DeleteResult,
  HealthResult,
  RecordsResult,
  SheetCountsResult,
  SnapshotDiff,
  RestoreOptions,
} from "./responses";
import type { ResponseReader } from "./response-reader";

/** A query as the caller writes it: every key optional, values typed as the server reads them (numbers, booleans). */
export type QueryOf<S extends z.ZodType> = { [K in keyof z.output<S>]?: z.output<S>[K] };

/** `POST /jobs`: Flatfile's `JobConfig`, plus an optional `spaceId` for a job whose source is not a stored resource. */
export type CreateJobInput = z.input<typeof JobConfig> & { spaceId?: string };

/** `PUT /sheets/{id}/find-replace`: the field, the text and its replacement, and the records (sent in the query). */
export type FindAndReplaceInput = z.input<typeof FindAndReplaceBody> & QueryOf<typeof FindAndReplaceQuery>;

/** The form fields of an upload, with the file's bytes. */
export type UploadFileInput = Omit<z.input<typeof UploadFileFields>, "actions"> & {
  /** The bytes; a `File` brings its own name. */
  file: Blob;
  /** The file name (required for a plain `Blob`; overrides a `File`'s name). */
  name?: string;
  /** Actions mounted on the file. */
  actions?: z.input<typeof Action>[];
};

const jobPath = (jobId: string, call = "") => `/jobs/${encodeURIComponent(jobId)}${call}`;
const id = encodeURIComponent;

/**
 * Every endpoint of the API over one transport, each success body read with `read`: what `createClient` (core's
 * schemas) and the dashboard's client (answers as sent) have in common. This module names the schemas of the answers
 * and imports their types only.
 */
export function createApiClient(options: ClientOptions, read: ResponseReader) {
  const http = new HttpClient(options, read);

  const jobs = {
    /** `GET /jobs`: a page of jobs, newest first unless `sortDirection: "asc"`. */
    list: (query: QueryOf<typeof ListJobsQuery> = {}, opts?: RequestOptions): Promise<Page<Job>> =>
      http.page({ method: "GET", path: "/jobs", query, options: opts }, "Job"),
    /** `POST /jobs`: with `trigger: "immediate"` the job is `ready` at once (publishes `job:created`, `job:ready`). */
    create: (body: CreateJobInput, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: "/jobs", body, options: opts }, "Job"),
    /**
     * `POST /jobs/preview-mutation` (Flatfile's `jobs.previewMutation`): runs a `sheet:mutate-records` config on the
     * first records of its selection without writing, and answers the first 10 that would change, each with only its
     * changed cells (`value` after, `snapshotValue` before, and the new value's validation). A `mutateRecord`
     * function needs the secret key; one that fails is a `ValidationError` with the reason.
     */
    previewMutation: (
      config: z.input<typeof MutateJobConfig>,
      opts?: RequestOptions,
    ): Promise<DiffRecord[]> =>
      http.data(
        { method: "POST", path: "/jobs/preview-mutation", body: config, options: opts },
        "DiffRecords",
      ),
    /** `GET /jobs/{id}`. */
    get: (jobId: string, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "GET", path: jobPath(jobId), options: opts }, "Job"),
    /** `PATCH /jobs/{id}`: progress, info, metadata, estimate, or a legal status move (`job:updated`). */
    update: (jobId: string, body: z.input<typeof JobUpdate>, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "PATCH", path: jobPath(jobId), body, options: opts }, "Job"),
    /** `POST /jobs/{id}/ack`: the first ack claims the job (ready → executing); later acks are progress ticks. */
    ack: (jobId: string, body: z.input<typeof JobAckDetails> = {}, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/ack"), body, options: opts }, "Job"),
    /** `POST /jobs/{id}/complete`: progress 100 and the outcome shown to the user (`job:completed`). */
    complete: (
      jobId: string,
      body: z.input<typeof JobCompleteDetails> = {},
      opts?: RequestOptions,
    ): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/complete"), body, options: opts }, "Job"),
    /**
     * `POST /jobs/{id}/fail`: the attempt failed; the outcome says why. With attempts left in the job's retry policy
     * the job is scheduled again (`job:scheduled`), unless `retry: false`; otherwise it failed (`job:failed`).
     */
    fail: (jobId: string, body: z.input<typeof JobFailDetails> = {}, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/fail"), body, options: opts }, "Job"),
    /** `POST /jobs/{id}/cancel`: from any non-final status (`job:updated` with status canceled). */
    cancel: (
      jobId: string,
      body: z.input<typeof JobCancelDetails> = {},
      opts?: RequestOptions,
    ): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/cancel"), body, options: opts }, "Job"),
    /**
     * `POST /jobs/{id}/split`: the executing job divides its work into parts, jobs of their own (`parentId`, `part`,
     * `partData`), run one after another unless `runInParallel`; the parent gets `job:parts-completed` once every part
     * has ended, with the counts in `payload.parts`. Answers the parent.
     */
    split: (jobId: string, body: z.input<typeof JobSplitDetails>, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/split"), body, options: opts }, "Job"),
    /** `POST /jobs/{id}/retry`: a failed or canceled job becomes ready again (`job:ready`). */
    retry: (jobId: string, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/retry"), options: opts }, "Job"),
    /** `POST /jobs/{id}/outcome/ack`: the user read a finished job's outcome (idempotent). */
    ackOutcome: (jobId: string, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/outcome/ack"), options: opts }, "Job"),
    /** `POST /jobs/{id}/execute`: a created or planning job becomes ready (or waiting for its predecessors). */
    execute: (jobId: string, opts?: RequestOptions): Promise<Job> =>
      http.data({ method: "POST", path: jobPath(jobId, "/execute"), options: opts }, "Job"),
    /** `GET /jobs/{id}/plan`: a map job's execution plan (which source column fills which field, with certainties). */
    getPlan: (jobId: string, opts?: RequestOptions): Promise<JobPlan> =>
      http.data({ method: "GET", path: jobPath(jobId, "/plan"), options: opts }, "JobPlan"),
    /** `PATCH /jobs/{id}/plan`: the lists given replace the plan's, while the job is `planning` (`job:updated`). */
    patchPlan: (
      jobId: string,
      body: z.input<typeof JobExecutionPlanConfigRequest>,
      opts?: RequestOptions,
    ): Promise<JobPlan> =>
      http.data({ method: "PATCH", path: jobPath(jobId, "/plan"), body, options: opts }, "JobPlan"),
    /** `PUT /jobs/{id}/plan`: the whole plan, replaced, while the job is `planning` (`job:updated`). */
    replacePlan: (
      jobId: string,
      body: z.input<typeof JobExecutionPlanRequest>,
      opts?: RequestOptions,
    ): Promise<JobPlan> =>
      http.data({ method: "PUT", path: jobPath(jobId, "/plan"), body, options: opts }, "JobPlan"),
    /**
     * `POST /jobs/{id}/logs`: appends 1 to 500 lines (`level` info unless given, `message`, `time` the server's unless
     * given, optional `data`) to the job's log, in order (one `job:logs-appended` event). The job keeps its newest
     * 5,000 lines and 1 MiB; a marker line says how many older ones were dropped. To log from a handler, see
     * `jobLog`, which batches.
     */
    log: (jobId: string, lines: JobLogLineInput[], opts?: RequestOptions): Promise<JobLogsAppended> =>
      http.data(
        { method: "POST", path: jobPath(jobId, "/logs"), body: { lines }, options: opts },
        "JobLogsAppended",
      ),
    /**
     * `GET /jobs/{id}/logs`: a page of the job's lines by `seq`, oldest first after `after`, or newest first
     * (`order: "desc"`) before `before`; `level` and `q` (text, ignoring case) filter. `hasMore` says whether more
     * match; `lastSeq` is the newest line's, where following the log starts.
     */
    logs: (
      jobId: string,
      query: QueryOf<typeof JobLogsQuery> = {},
      opts?: RequestOptions,
    ): Promise<JobLogPage> =>
      http.data({ method: "GET", path: jobPath(jobId, "/logs"), query, options: opts }, "JobLogPage"),
    /** `DELETE /jobs/{id}`: any job that is not executing (`job:deleted`). */
    delete: (jobId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: jobPath(jobId), options: opts }, "DeleteResult"),
  };

  const spaces = {
    /** `GET /spaces`. */
    list: (query: QueryOf<typeof ListSpacesQuery> = {}, opts?: RequestOptions): Promise<Page<Space>> =>
      http.page({ method: "GET", path: "/spaces", query, options: opts }, "Space"),
    /** `POST /spaces`: publishes `space:created` and creates the `space:configure` job. */
    create: (body: z.input<typeof SpaceConfig> = {}, opts?: RequestOptions): Promise<Space> =>
      http.data({ method: "POST", path: "/spaces", body, options: opts }, "Space"),
    /** `GET /spaces/{id}`. */
    get: (spaceId: string, opts?: RequestOptions): Promise<Space> =>
      http.data({ method: "GET", path: `/spaces/${id(spaceId)}`, options: opts }, "Space"),
    /** `PATCH /spaces/{id}`. */
    update: (spaceId: string, body: z.input<typeof SpaceConfig>, opts?: RequestOptions): Promise<Space> =>
      http.data({ method: "PATCH", path: `/spaces/${id(spaceId)}`, body, options: opts }, "Space"),
    /** `DELETE /spaces/{id}`: the space and its jobs. */
    delete: (spaceId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: `/spaces/${id(spaceId)}`, options: opts }, "DeleteResult"),
  };

  const events = {
    /** `GET /events`: the log, oldest first, paged. */
    list: (query: QueryOf<typeof ListEventsQuery> = {}, opts?: RequestOptions): Promise<Page<Event>> =>
      http.page({ method: "GET", path: "/events", query, options: opts }, "Event"),
    /** `GET /events/{id}`. */
    get: (eventId: string, opts?: RequestOptions): Promise<Event> =>
      http.data({ method: "GET", path: `/events/${id(eventId)}`, options: opts }, "Event"),
    /** `POST /events/{id}/ack`. */
    ack: (eventId: string, opts?: RequestOptions): Promise<Event> =>
      http.data({ method: "POST", path: `/events/${id(eventId)}/ack`, options: opts }, "Event"),
    /**
     * The URL of `GET /events/stream` with its filters, for an `EventSource` (which cannot send headers: pass
     * `token` to put it in the query). Listeners use `createListener().mount()` instead.
     */
    streamUrl: (query: QueryOf<typeof EventStreamQuery> = {}): string =>
      apiUrl(options.baseUrl, "/events/stream", query),
  };

  const listeners = {
    /**
     * `GET /listeners`: the connected listeners (with `includeDisconnected: true`, also those gone in the last
     * minutes), what each handles, when it was last seen, its jobs in flight and handled. Core's `isJobHandled`
     * tells from them whether a job or action has a listener.
     */
    list: (
      query: QueryOf<typeof ListListenersQuery> = {},
      opts?: RequestOptions,
    ): Promise<ListenerPresence[]> =>
      http.data({ method: "GET", path: "/listeners", query, options: opts }, "Listeners"),
  };

  const metrics = {
    /**
     * `GET /metrics/jobs`: per time bucket and operation, the jobs created, completed, failed and canceled, and run
     * and wait times (p50/p95). Users see their space; operators every space, or one with `spaceId`.
     */
    jobs: (query: QueryOf<typeof JobMetricsQuery>, opts?: RequestOptions): Promise<JobMetrics> =>
      http.data({ method: "GET", path: "/metrics/jobs", query, options: opts }, "JobMetrics"),
  };

  const auth = {
    /** `POST /auth/tokens` (secret key only): an operator token, or a user token for one space. */
    createToken: (body: z.input<typeof CreateTokenRequest>, opts?: RequestOptions): Promise<AccessToken> =>
      http.data({ method: "POST", path: "/auth/tokens", body, options: opts }, "AccessToken"),
  };

  const workbooks = {
    /** `GET /workbooks`: with their sheets and record counts. */
    list: (query: QueryOf<typeof ListWorkbooksQuery> = {}, opts?: RequestOptions): Promise<Page<Workbook>> =>
      http.page({ method: "GET", path: "/workbooks", query, options: opts }, "Workbook"),
    /** `POST /workbooks`: with its sheets and actions (`workbook:created`, `sheet:created`). */
    create: (body: z.input<typeof CreateWorkbookConfig>, opts?: RequestOptions): Promise<Workbook> =>
      http.data({ method: "POST", path: "/workbooks", body, options: opts }, "Workbook"),
    /** `GET /workbooks/{id}`. */
    get: (workbookId: string, opts?: RequestOptions): Promise<Workbook> =>
      http.data({ method: "GET", path: `/workbooks/${id(workbookId)}`, options: opts }, "Workbook"),
    /** `PATCH /workbooks/{id}`: sheets are matched by slug; actions can change. */
    update: (
      workbookId: string,
      body: z.input<typeof WorkbookUpdate>,
      opts?: RequestOptions,
    ): Promise<Workbook> =>
      http.data({ method: "PATCH", path: `/workbooks/${id(workbookId)}`, body, options: opts }, "Workbook"),
    /** `DELETE /workbooks/{id}`: with its sheets, records and snapshots. */
    delete: (workbookId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: `/workbooks/${id(workbookId)}`, options: opts }, "DeleteResult"),
  };

  const sheets = {
    /** `GET /sheets?workbookId=`: a workbook's sheets. */
    list: (query: { workbookId: string }, opts?: RequestOptions): Promise<Sheet[]> =>
      http.data({ method: "GET", path: "/sheets", query, options: opts }, "Sheets"),
    /** `GET /sheets/{id}`: with its record counts. */
    get: (sheetId: string, opts?: RequestOptions): Promise<Sheet> =>
      http.data({ method: "GET", path: `/sheets/${id(sheetId)}`, options: opts }, "Sheet"),
    /** `PATCH /sheets/{id}`: name, slug, metadata, actions. */
    update: (sheetId: string, body: z.input<typeof SheetUpdate>, opts?: RequestOptions): Promise<Sheet> =>
      http.data({ method: "PATCH", path: `/sheets/${id(sheetId)}`, body, options: opts }, "Sheet"),
    /** `DELETE /sheets/{id}`: with its records and snapshots. */
    delete: (sheetId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: `/sheets/${id(sheetId)}`, options: opts }, "DeleteResult"),
    /** `GET /sheets/{id}/counts`: total, valid and error record counts. */
    counts: (sheetId: string, opts?: RequestOptions): Promise<SheetCountsResult> =>
      http.data({ method: "GET", path: `/sheets/${id(sheetId)}/counts`, options: opts }, "SheetCountsResult"),
    /**
     * `GET /sheets/{id}/download`: the records as CSV, as the streamed `Response` (its `Content-Disposition` names
     * the file `<sheet name>.csv`); filtered, searched, sorted, with chosen `fields` and an optional `bom`.
     */
    downloadCsv: (
      sheetId: string,
      query: QueryOf<typeof GetRecordsCsvQuery> = {},
      opts?: RequestOptions,
    ): Promise<Response> =>
      http.send({
        method: "GET",
        path: `/sheets/${id(sheetId)}/download`,
        query,
        options: { ...opts, headers: { accept: "text/csv", ...opts?.headers } },
      }),
    /**
     * `PUT /sheets/{id}/find-replace` (Flatfile's `records.findAndReplace`): creates the `sheet:find-replace` job
     * for the selection (`filter`, `filterField`, `searchValue`, `searchField`, `ids`: without a filter or a search
     * `ids` are the records, with one they are left out). `find` is plain text, a whole cell when wrapped in double
     * quotes. Answers the job's id and the snapshot taken first (`versionId`).
     */
    findAndReplace: (
      sheetId: string,
      { fieldKey, find, replace, ...selection }: FindAndReplaceInput,
      opts?: RequestOptions,
    ): Promise<FindAndReplaceResult> =>
      http.data(
        {
          method: "PUT",
          path: `/sheets/${id(sheetId)}/find-replace`,
          query: selection,
          body: { fieldKey, find, replace },
          options: opts,
        },
        "FindAndReplaceResult",
      ),
    /**
     * `POST /sheets/{id}/find-replace/preview`: how many records and cells a find and replace would change, and up to
     * 10 of those records (`value` after, `snapshotValue` before). Changes nothing.
     */
    previewFindReplace: (
      sheetId: string,
      config: z.input<typeof FindAndReplaceJobConfig>,
      opts?: RequestOptions,
    ): Promise<FindAndReplacePreview> =>
      http.data(
        { method: "POST", path: `/sheets/${id(sheetId)}/find-replace/preview`, body: config, options: opts },
        "FindAndReplacePreview",
      ),
    /** `POST /sheets/{id}/validate` (Flatfile's `sheets.validate`): creates the `sheet:validate` job. */
    validate: (sheetId: string, opts?: RequestOptions): Promise<ValidateSheetResult> =>
      http.data(
        { method: "POST", path: `/sheets/${id(sheetId)}/validate`, options: opts },
        "ValidateSheetResult",
      ),
  };

  const recordsPath = (sheetId: string) => `/sheets/${id(sheetId)}/records`;
  const records = {
    /**
     * `GET /sheets/{id}/records`: paged, filtered (valid/error), searched, by ids; `counts` are the sheet's, or the
     * selection's with `includeLength`.
     */
    get: (
      sheetId: string,
      query: QueryOf<typeof GetRecordsQuery> = {},
      opts?: RequestOptions,
    ): Promise<RecordsResult & { pagination: Pagination }> =>
      http
        .pagedData({ method: "GET", path: recordsPath(sheetId), query, options: opts }, "RecordsResult")
        .then(({ data, pagination }) => ({ ...data, pagination })),
    /** `POST /sheets/{id}/records`: cells are validated, not refused (`commit:created`). */
    insert: (
      sheetId: string,
      body: z.input<typeof InsertRecordsBody>,
      opts?: RequestOptions,
    ): Promise<RecordsResult> =>
      http.data({ method: "POST", path: recordsPath(sheetId), body, options: opts }, "RecordsResult"),
    /** `PUT /sheets/{id}/records`: values by record id; fields not named keep their value (`commit:created`). */
    update: (
      sheetId: string,
      body: z.input<typeof UpdateRecordsBody>,
      opts?: RequestOptions,
    ): Promise<RecordsResult> =>
      http.data({ method: "PUT", path: recordsPath(sheetId), body, options: opts }, "RecordsResult"),
    /** `DELETE /sheets/{id}/records?ids=`: ids that are not records of the sheet are skipped (`commit:created`). */
    delete: (sheetId: string, ids: readonly string[], opts?: RequestOptions): Promise<DeleteRecordsResult> =>
      http.data(
        { method: "DELETE", path: recordsPath(sheetId), query: { ids }, options: opts },
        "DeleteRecordsResult",
      ),
  };

  const documentsPath = (spaceId: string, documentId?: string) =>
    `/spaces/${id(spaceId)}/documents${documentId === undefined ? "" : `/${id(documentId)}`}`;
  const documents = {
    /** `GET /spaces/{id}/documents`. */
    list: (spaceId: string, opts?: RequestOptions): Promise<SpaceDocument[]> =>
      http.data({ method: "GET", path: documentsPath(spaceId), options: opts }, "SpaceDocuments"),
    /** `POST /spaces/{id}/documents`: a markdown page with actions (`document:created`). */
    create: (
      spaceId: string,
      body: z.input<typeof DocumentConfig>,
      opts?: RequestOptions,
    ): Promise<SpaceDocument> =>
      http.data({ method: "POST", path: documentsPath(spaceId), body, options: opts }, "SpaceDocument"),
    /** `GET /spaces/{id}/documents/{documentId}`. */
    get: (spaceId: string, documentId: string, opts?: RequestOptions): Promise<SpaceDocument> =>
      http.data({ method: "GET", path: documentsPath(spaceId, documentId), options: opts }, "SpaceDocument"),
    /** `PATCH /spaces/{id}/documents/{documentId}`. */
    update: (
      spaceId: string,
      documentId: string,
      body: z.input<typeof DocumentUpdate>,
      opts?: RequestOptions,
    ): Promise<SpaceDocument> =>
      http.data(
        { method: "PATCH", path: documentsPath(spaceId, documentId), body, options: opts },
        "SpaceDocument",
      ),
    /** `DELETE /spaces/{id}/documents/{documentId}`. */
    delete: (spaceId: string, documentId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data(
        { method: "DELETE", path: documentsPath(spaceId, documentId), options: opts },
        "DeleteResult",
      ),
  };

  const snapshotPath = (snapshotId: string, call = "") => `/snapshots/${id(snapshotId)}${call}`;
  const snapshots = {
    /** `POST /snapshots`: a frozen copy of a sheet's records (`snapshot:created`). */
    create: (body: z.input<typeof CreateSnapshotRequest>, opts?: RequestOptions): Promise<Snapshot> =>
      http.data({ method: "POST", path: "/snapshots", body, options: opts }, "Snapshot"),
    /** `GET /snapshots?sheetId=`: a sheet's snapshots, newest first. */
    list: (query: { sheetId: string }, opts?: RequestOptions): Promise<Snapshot[]> =>
      http.data({ method: "GET", path: "/snapshots", query, options: opts }, "Snapshots"),
    /** `GET /snapshots/{id}`. */
    get: (snapshotId: string, opts?: RequestOptions): Promise<Snapshot> =>
      http.data({ method: "GET", path: snapshotPath(snapshotId), options: opts }, "Snapshot"),
    /** `DELETE /snapshots/{id}`. */
    delete: (snapshotId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: snapshotPath(snapshotId), options: opts }, "DeleteResult"),
    /** `POST /snapshots/{id}/restore`: undoes the changes since the snapshot (`commit:created`, `sheet:updated`). */
    restore: (snapshotId: string, body: RestoreOptions = {}, opts?: RequestOptions): Promise<Snapshot> =>
      http.data(
        { method: "POST", path: snapshotPath(snapshotId, "/restore"), body, options: opts },
        "Snapshot",
      ),
    /** `GET /snapshots/{id}/records`: the snapshot's records, paged. */
    records: (
      snapshotId: string,
      query: { pageSize?: number; pageNumber?: number } = {},
      opts?: RequestOptions,
    ): Promise<Page<SheetRecord>> =>
      http.page(
        { method: "GET", path: snapshotPath(snapshotId, "/records"), query, options: opts },
        "SheetRecord",
      ),
    /** `GET /snapshots/{id}/diff`: records added, removed and changed in the sheet since the snapshot. */
    diff: (snapshotId: string, opts?: RequestOptions): Promise<SnapshotDiff> =>
      http.data({ method: "GET", path: snapshotPath(snapshotId, "/diff"), options: opts }, "SnapshotDiff"),
  };

  const filePath = (fileId: string, call = "") => `/files/${id(fileId)}${call}`;
  function download(fileId: string, opts: RequestOptions & { as: "blob" }): Promise<Blob>;
  function download(fileId: string, opts?: RequestOptions & { as?: "response" }): Promise<Response>;
  async function download(
    fileId: string,
    opts?: RequestOptions & { as?: "response" | "blob" },
  ): Promise<Response | Blob> {
    const response = await http.send({
      method: "GET",
      path: filePath(fileId, "/download"),
      options: { ...opts, headers: { accept: "*/*", ...opts?.headers } },
    });
    return opts?.as === "blob" ? response.blob() : response;
  }
  const files = {
    /** `GET /files`: newest first; without `mode`, import files only (as Flatfile does). */
    list: (query: QueryOf<typeof ListFilesQuery> = {}, opts?: RequestOptions): Promise<Page<SpaceFile>> =>
      http.page({ method: "GET", path: "/files", query, options: opts }, "SpaceFile"),
    /** `GET /files/{id}`. */
    get: (fileId: string, opts?: RequestOptions): Promise<SpaceFile> =>
      http.data({ method: "GET", path: filePath(fileId), options: opts }, "SpaceFile"),
    /** `PATCH /files/{id}`: name, mode, description, actions, workbook and sheet (`file:updated`). */
    update: (fileId: string, body: z.input<typeof UpdateFile>, opts?: RequestOptions): Promise<SpaceFile> =>
      http.data({ method: "PATCH", path: filePath(fileId), body, options: opts }, "SpaceFile"),
    /** `DELETE /files/{id}`: the file and its bytes (`file:deleted`). */
    delete: (fileId: string, opts?: RequestOptions): Promise<DeleteResult> =>
      http.data({ method: "DELETE", path: filePath(fileId), options: opts }, "DeleteResult"),
    /**
     * `POST /files` (multipart): a ready `FormData` (fields `spaceId`, `mode`, `environmentId`, `actions` and the
     * part `file`), or the bytes and fields, from which the form is built (`file:created`). A file over the server's
     * limit is refused with a `PayloadTooLargeError`. With `onUploadProgress`, a browser reports the bytes sent as
     * they go (the request is then sent with `XMLHttpRequest`); `signal` cancels the upload either way.
     */
    upload: async (input: FormData | UploadFileInput, opts?: UploadOptions): Promise<SpaceFile> => {
      const { onUploadProgress, ...options } = opts ?? {};
      return http.data(
        { method: "POST", path: "/files", rawBody: toFormData(input), options, onUploadProgress },
        "SpaceFile",
      );
    },
    /**
     * `GET /files/{id}/download`: the bytes, as the `Response` (to stream them, read `Content-Disposition`) or,
     * with `{ as: "blob" }`, as a `Blob`.
     */
    download,
    /**
     * `POST /files/{id}/download-link`: a same-origin URL that downloads the file for a few minutes without a token,
     * for a browser to follow as a plain link (our addition to Flatfile's API).
     */
    downloadLink: (fileId: string, opts?: RequestOptions): Promise<DownloadLink> =>
      http.data(
        { method: "POST", path: filePath(fileId, "/download-link"), body: {}, options: opts },
        "DownloadLink",
      ),
  };

  return {
    jobs,
    spaces,
    events,
    listeners,
    metrics,
    auth,
    workbooks,
    sheets,
    records,
    documents,
    snapshots,
    files,
    /** `GET /health`: the server's status and version (no token needed). */
    health: (opts?: RequestOptions): Promise<HealthResult> =>
      http.data({ method: "GET", path: "/health", options: opts }, "HealthResult"),
    /** The options this client was made with. */
    options: http.options,
  };
}

/** The client `createClient` returns. */
export type ApiClient = ReturnType<typeof createApiClient>;

function toFormData(input: FormData | UploadFileInput): FormData {
  if (input instanceof FormData) return input;
  const form = new FormData();
  form.set("spaceId", input.spaceId);
  if (input.environmentId) form.set("environmentId", input.environmentId);
  if (input.mode) form.set("mode", input.mode satisfies FileMode);
  if (input.actions) form.set("actions", JSON.stringify(input.actions));
  const name =
    input.name ?? (typeof File !== "undefined" && input.file instanceof File ? input.file.name : undefined);
  if (!name) throw new TypeError("files.upload: give `name` for a Blob that is not a File");
  // The file part goes last, so the server has read every field by the time the bytes stream in.
  form.set("file", input.file, name);
  return form;
}
