import { z } from "zod";
import { Pagination } from "../../core";
import { ApiError, ConnectionError, UnexpectedResponseError } from "./errors";

/** A token, or a function that returns the current one (called before every request, so a refreshed token is used). */
export type TokenSource = string | (() => string | undefined | Promise<string | undefined>);

/** How the client reaches the API. */
export type ClientOptions = {
  /**
   * Where the server is, e.g. `http://localhost:8080` (a trailing `/v1` is accepted too). In a browser served by the
   * API itself, `location.origin`.
   */
  baseUrl: string;
  /** Secret key (`sk_...`) for listeners and servers, or an access token for dashboard users. */
  token?: TokenSource;
  /** The `fetch` to use (defaults to the global one); tests and proxies inject their own. */
  fetch?: typeof fetch;
  /**
   * Sent as `X-Listener-Id`: the first ack of a job claims it for this id, and the server then refuses ack, update,
   * complete and fail from any other listener id with a 409, so competing listeners never run one job twice.
   */
  listenerId?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
};

/** A query-string value: arrays are sent comma-separated, booleans as `true`/`false`. */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined | null;

/** Per-call options every method accepts. */
export type RequestOptions = {
  /** Aborts the request; the call then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Extra headers for this call only. */
  headers?: Record<string, string>;
};

/** A page of a list: the items and where the page sits in the whole. */
export type Page<T> = { data: T[]; pagination: Pagination };

type RequestSpec = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  query?: object;
  /** A JSON body; `undefined` sends none. */
  body?: unknown;
  /** A body sent as is (multipart uploads); the runtime sets its content type. */
  rawBody?: BodyInit;
  options?: RequestOptions;
};

/** Joins `baseUrl` and an API path, tolerating a trailing slash and an explicit `/v1` in `baseUrl`. */
export function apiUrl(baseUrl: string, path: string, query?: object): string {
  const root = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  const url = `${root}/v1${path}`;
  const search = toSearchParams(query).toString();
  return search ? `${url}?${search}` : url;
}

/** Serialises a typed query: `undefined`/`null` are left out, arrays joined with commas. */
export function toSearchParams(query: object | undefined): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}) as [string, QueryValue][]) {
    if (value === undefined || value === null) continue;
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return params;
}

/** Resolves a {@link TokenSource} to the token to send now. */
export async function resolveToken(token: TokenSource | undefined): Promise<string | undefined> {
  return typeof token === "function" ? token() : token;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted || (error instanceof Error && error.name === "AbortError");
}

/**
 * The transport every resource of the client shares: builds the URL and headers, sends, maps a refusal to its
 * {@link ApiError} subclass and parses the success body with the core schema of the resource.
 */
export class HttpClient {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions) {
    if (!options.baseUrl) throw new TypeError("createClient: baseUrl is required");
    this.#options = options;
    // Bound so that a global fetch is not called with the client as `this` (browsers refuse that).
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  get baseUrl(): string {
    return this.#options.baseUrl;
  }

  /** The options this client was made with (the listener builds its own clients from them). */
  get options(): Readonly<ClientOptions> {
    return this.#options;
  }

  /** Sends a request and returns the raw `Response` of a success; a refusal throws its {@link ApiError}. */
  async send(spec: RequestSpec): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...this.#options.headers };
    const token = await resolveToken(this.#options.token);
    if (token) headers.authorization = `Bearer ${token}`;
    if (this.#options.listenerId) headers["x-listener-id"] = this.#options.listenerId;
    let body: BodyInit | undefined = spec.rawBody;
    if (spec.body !== undefined) {
      body = JSON.stringify(spec.body);
      headers["content-type"] = "application/json";
    }
    Object.assign(headers, spec.options?.headers);

    const url = apiUrl(this.#options.baseUrl, spec.path, spec.query);
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: spec.method,
        headers,
        body,
        signal: spec.options?.signal,
      });
    } catch (error) {
      if (isAbort(error, spec.options?.signal)) throw spec.options?.signal?.reason ?? error;
      throw new ConnectionError(
        `Could not reach ${spec.method} ${url}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (!response.ok) throw ApiError.from(response.status, await readBody(response));
    return response;
  }

  /** Sends a request and parses `data` of the success body with `schema`. */
  async data<S extends z.ZodType>(spec: RequestSpec, schema: S): Promise<z.output<S>> {
    const response = await this.send(spec);
    const body = await readBody(response);
    return (this.#parse(response.status, body, z.object({ data: schema }), spec) as { data: z.output<S> })
      .data;
  }

  /** Sends a request for a list and parses `{ data: [...], pagination }` with `item`. */
  async page<S extends z.ZodType>(spec: RequestSpec, item: S): Promise<Page<z.output<S>>> {
    const response = await this.send(spec);
    const body = await readBody(response);
    return this.#parse(
      response.status,
      body,
      z.object({ data: z.array(item), pagination: Pagination }),
      spec,
    ) as Page<z.output<S>>;
  }

  /** Sends a request for a paged list whose `data` is an object (records): `{ data, pagination }`. */
  async pagedData<S extends z.ZodType>(
    spec: RequestSpec,
    schema: S,
  ): Promise<{ data: z.output<S>; pagination: Pagination }> {
    const response = await this.send(spec);
    const body = await readBody(response);
    return this.#parse(response.status, body, z.object({ data: schema, pagination: Pagination }), spec) as {
      data: z.output<S>;
      pagination: Pagination;
    };
  }

  /** Parses a success body; the callers know the shape of the schema they built, and type the result. */
  #parse(status: number, body: unknown, schema: z.ZodType, spec: RequestSpec): unknown {
    const parsed = schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new UnexpectedResponseError(
      status,
      `${spec.method} ${spec.path} answered a body this client cannot read${where}: ${issue?.message ?? "invalid"}`,
      body,
      { cause: parsed.error },
    );
  }
}
