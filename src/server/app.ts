import { Hono } from "hono";
import { DEFAULT_MAX_FILE_BYTES } from "../core";
import type { BlobStore } from "./files/blob-store";
import { MemoryBlobStore } from "./files/memory-blob-store";
import { ApiRouter, type AppEnv } from "./http/api-router";
import { TokenAuthority } from "./http/auth";
import { closeConnectionsWhileDraining, Drain } from "./http/drain";
import { errorResponse } from "./http/error-response";
import { buildOpenApi, type OpenApiDocument } from "./http/openapi";
import { rateLimit, type RateLimitOptions } from "./http/rate-limit";
import { referencePagePolicy, renderReferencePage } from "./http/reference-page";
import { securityHeaders } from "./http/security-headers";
import { registerAuthRoutes } from "./routes/auth-routes";
import { registerDocumentRoutes } from "./routes/document-routes";
import { registerEventRoutes } from "./routes/event-routes";
import { registerFileRoutes } from "./routes/file-routes";
import { registerJobLogRoutes } from "./routes/job-log-routes";
import { registerJobRoutes } from "./routes/job-routes";
import { registerListenerRoutes } from "./routes/listener-routes";
import { registerMetricsRoutes } from "./routes/metrics-routes";
import { registerPrometheusRoute } from "./routes/prometheus-route";
import { registerRecordRoutes } from "./routes/record-routes";
import { registerSheetRoutes } from "./routes/sheet-routes";
import { RecordJobService } from "./system-jobs/records/record-job-service";
import { registerSnapshotRoutes } from "./routes/snapshot-routes";
import { registerSpaceRoutes } from "./routes/space-routes";
import { registerWorkbookRoutes } from "./routes/workbook-routes";
import { DocumentService } from "./services/document-service";
import { EventService } from "./services/event-service";
import { FileService } from "./services/file-service";
import { JobLogService } from "./services/job-log-service";
import { JobMetricsService } from "./services/job-metrics-service";
import { JobService } from "./services/job-service";
import { RecordService } from "./services/record-service";
import type { ServiceDeps } from "./services/service-deps";
import { SnapshotService } from "./services/snapshot-service";
import { SpaceQuotas, type QuotaLimits } from "./services/space-quotas";
import { SpaceService } from "./services/space-service";
import { WorkbookService } from "./services/workbook-service";
import { PlanService } from "./system-jobs/map/plan-service";
import { MutationPreviewService } from "./system-jobs/mutate/preview-mutation";
import { ListenerPresenceTracker, type PresenceOptions } from "./presence/listener-presence";
import { BulkLane } from "./scheduling/bulk-lane";
import type { Store } from "./store/store";
import { registerEventStream, type StreamOptions } from "./stream/event-stream";

export type AppDeps = {
  store: Store;
  /** The environment's secret key (sk_...); access tokens are signed with it. */
  secretKey: string;
  /** A bearer `GET /metrics` accepts besides the secret key, for a monitoring system's scraper (METRICS_TOKEN). */
  metricsToken?: string;
  /** Injectable clock, for tests. */
  now?: () => Date;
  environmentId?: string;
  accountId?: string;
  version?: string;
  stream?: StreamOptions;
  /** Where uploaded files' bytes go; in memory unless given (the Node server passes its disk store). */
  blobs?: BlobStore;
  /** Largest uploaded file, in bytes (default DEFAULT_MAX_FILE_BYTES). */
  maxFileBytes?: number;
  /**
   * Started by the Node entry when the instance shuts down: health answers 503, responses say `Connection: close`,
   * event streams tell their clients to reconnect elsewhere. One that is never started when not given.
   */
  drain?: Drain;
  /** Per-space quotas (jobs a minute, records a sheet, stored bytes); the defaults when not given, 0 turns one off. */
  quotas?: Partial<QuotaLimits>;
  /**
   * Request rates per token and per address; none when not given. The Node server always passes them; mock mode, one
   * person in one browser tab, does not.
   */
  rateLimits?: RateLimitOptions;
  /**
   * The share of the event loop bulk work (large record writes and their answers, long event replays) may take while
   * other requests wait (DEFAULT_BULK_SHARE when not given; 1 gives bulk work no limit).
   */
  bulkShare?: number;
  /** Listeners' presence: the grace after a stream closes, the heartbeat, this instance's name. */
  presence?: PresenceOptions;
};

export const DEFAULT_ENVIRONMENT_ID = "us_env_local";
export const DEFAULT_ACCOUNT_ID = "us_acc_local";

/**
 * What a server needs to answer the API's hot routes (`ApiRouter.addHot`) without Hono, exactly as the app would:
 * the routes in the app's order, the tokens, the drain switch, and whether the secret key is rate limited (then its
 * calls must pass the app's limiter).
 */
export type HotApi = {
  router: ApiRouter;
  tokens: TokenAuthority;
  drain: Drain;
  secretKeyThrottled: boolean;
};

/**
 * The whole API as a Hono app. No Node-only imports: the Node entry (main.ts) serves it over HTTP, and mock mode
 * runs the very same app in a browser over the memory store.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  return createApi(deps).app;
}

/** `createApp`, with what the Node server's fast path needs beside the app. */
export function createApi(deps: AppDeps): { app: Hono<AppEnv>; hot: HotApi } {
  const now = deps.now ?? (() => new Date());
  const lane = new BulkLane({ share: deps.bulkShare });
  const services: ServiceDeps = {
    store: deps.store,
    now,
    environmentId: deps.environmentId ?? DEFAULT_ENVIRONMENT_ID,
    accountId: deps.accountId ?? DEFAULT_ACCOUNT_ID,
    quotas: new SpaceQuotas(deps.quotas, () => now().getTime()),
  };
  const tokens = new TokenAuthority(deps.secretKey, now);
  const version = deps.version ?? "0.1.0";
  const drain = deps.drain ?? new Drain();

  const v1 = new Hono<AppEnv>();
  // Before any route, so a refused request costs a bucket lookup and nothing else.
  if (deps.rateLimits) v1.use(rateLimit(tokens, deps.rateLimits));
  const api = new ApiRouter(v1, tokens, lane);
  let openApi: OpenApiDocument | undefined;
  const describe = () => (openApi ??= buildOpenApi(api.routes, { version }));

  api.add(
    {
      method: "get",
      path: "/health",
      tag: "Meta",
      summary: "Health check",
      description:
        "`ok`; or 503 with status `draining` while the instance shuts down, so a load balancer stops sending it requests.",
      access: "anyone",
      public: true,
    },
    async ({ c }) =>
      drain.draining
        ? c.json({ data: { status: "draining", version } }, 503)
        : { data: { status: "ok", version } },
  );
  api.add(
    {
      method: "get",
      path: "/openapi.json",
      tag: "Meta",
      summary: "This API's OpenAPI 3.1 description",
      access: "anyone",
      public: true,
      produces: "application/json",
    },
    async ({ c }) => c.json(describe()),
  );
  api.add(
    {
      method: "get",
      path: "/docs",
      tag: "Meta",
      summary: "A readable reference of this API",
      access: "anyone",
      public: true,
      produces: "text/html",
    },
    async ({ c }) => {
      c.header("content-security-policy", await referencePagePolicy());
      return c.html(renderReferencePage(describe()));
    },
  );
  registerAuthRoutes(api, tokens);
  const blobs = deps.blobs ?? new MemoryBlobStore();
  registerSpaceRoutes(api, new SpaceService(services, blobs));
  const jobService = new JobService(services);
  const presence = new ListenerPresenceTracker(services, deps.presence);
  drain.onDrain(() => presence.stop());
  registerJobRoutes(api, jobService, new PlanService(services), new MutationPreviewService(services), (id) =>
    presence.jobFinished(id),
  );
  registerJobLogRoutes(api, new JobLogService(services));
  registerMetricsRoutes(api, new JobMetricsService(services));
  // The stream is registered before `/events/:eventId` so that "stream" is not read as an event id.
  registerEventStream(api, deps.store, drain, deps.stream, presence);
  registerListenerRoutes(api, presence);
  registerEventRoutes(api, new EventService(services));
  const workbookService = new WorkbookService(services);
  const recordService = new RecordService(services);
  registerWorkbookRoutes(api, workbookService);
  registerSheetRoutes(api, workbookService, recordService, new RecordJobService(services, jobService));
  registerRecordRoutes(api, recordService);
  registerDocumentRoutes(api, new DocumentService(services));
  registerSnapshotRoutes(api, new SnapshotService(services));
  const maxFileBytes = deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  registerFileRoutes(api, new FileService(services, blobs, maxFileBytes), tokens, { maxFileBytes });

  // A catch-all route, not v1.notFound: a sub-app's notFound is ignored once it is mounted with route().
  // Keep it last: a route registered after it would never be reached.
  v1.all("*", (c) => c.json({ errors: [{ message: `No route ${c.req.method} ${c.req.path}` }] }, 404));
  v1.onError(errorResponse);

  const app = new Hono<AppEnv>();
  app.use(securityHeaders());
  app.use(closeConnectionsWhileDraining(drain));
  app.route("/v1", v1);
  registerPrometheusRoute(app, deps.store, tokens, deps.metricsToken, now);
  app.onError(errorResponse);
  return {
    app,
    hot: { router: api, tokens, drain, secretKeyThrottled: deps.rateLimits?.throttleSecretKey ?? false },
  };
}
