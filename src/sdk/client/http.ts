import type { Pagination } from "../../core";
import { ApiError, ConnectionError, UnexpectedResponseError } from "./errors";
import type { BodyShape, ResponseReader } from "./response-reader";
import type { ResponseName, ResponseOf } from "./response-schemas";

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

/**
 * Reports the bytes of a request body sent so far, and the body's size (0 when the runtime cannot tell it). Called
 * as the upload advances, and once more with `loaded === total` when the body is sent.
 */
export type UploadProgressHandler = (loaded: number, total: number) => void;

/** Options of an upload: those of every call, and progress reports. */
export type UploadOptions = RequestOptions & {
  /**
   * Reports upload progress. `fetch` cannot, so when this is given and the runtime has `XMLHttpRequest` (a browser),
   * the request is sent with it instead; elsewhere the call behaves as without it and the handler is not called.
   */
  onUploadProgress?: UploadProgressHandler;
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
  /** Sends with `XMLHttpRequest` (when the runtime has it) to report the body's progress. */
  onUploadProgress?: UploadProgressHandler;
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

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

function responseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * Sends like `fetch` does, with `XMLHttpRequest`, which (unlike `fetch`) reports the progress of the request body.
 * Resolves with the answer as a `Response`, so the caller maps statuses and reads bodies as for `fetch`; rejects
 * with a `TypeError` when no answer arrived and with the signal's reason when aborted.
 */
function sendWithXhr(
  url: string,
  init: { method: string; headers: Record<string, string>; body: BodyInit | undefined; signal?: AbortSignal },
  onUploadProgress: UploadProgressHandler,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const { signal } = init;
    const abortReason = () => signal?.reason ?? new DOMException("The upload was aborted", "AbortError");
    if (signal?.aborted) {
      reject(abortReason());
      return;
    }
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    xhr.open(init.method, url);
    for (const [name, value] of Object.entries(init.headers)) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener("progress", (event) => onUploadProgress(event.loaded, event.total));
    xhr.addEventListener("loadend", () => signal?.removeEventListener("abort", onAbort));
    xhr.addEventListener("load", () => {
      resolve(
        new Response(NULL_BODY_STATUSES.has(xhr.status) ? null : xhr.responseText, {
          status: xhr.status,
          statusText: xhr.statusText,
          headers: responseHeaders(xhr.getAllResponseHeaders()),
        }),
      );
    });
    xhr.addEventListener("error", () => reject(new TypeError("network error")));
    xhr.addEventListener("timeout", () => reject(new TypeError("timed out")));
    xhr.addEventListener("abort", () => reject(abortReason()));
    signal?.addEventListener("abort", onAbort, { once: true });
    // XMLHttpRequest takes the bodies an upload sends (FormData, Blob, text); a stream it cannot.
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return !!signal?.aborted || (error instanceof Error && error.name === "AbortError");
}

/**
 * The transport every resource of the client shares: builds the URL and headers, sends, maps a refusal to its
 * {@link ApiError} subclass and reads the success body with `read` (core's schema of the resource, for the SDK).
 */
export class HttpClient {
  readonly #options: ClientOptions;
  readonly #fetch: typeof fetch;
  readonly #read: ResponseReader;

  constructor(options: ClientOptions, read: ResponseReader) {
    if (!options.baseUrl) throw new TypeError("createClient: baseUrl is required");
    this.#options = options;
    this.#read = read;
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
      const init = { method: spec.method, headers, body, signal: spec.options?.signal };
      response =
        spec.onUploadProgress && typeof XMLHttpRequest !== "undefined"
          ? await sendWithXhr(url, init, spec.onUploadProgress)
          : await this.#fetch(url, init);
    } catch (error) {
      if (isAbort(error, spec.options?.signal)) throw spec.options?.signal?.reason ?? error;
      throw new ConnectionError(
        `Could not reach ${spec.method} ${url}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (!response.ok) throw ApiError.from(response.status, await readBody(response), response.headers);
    return response;
  }

  /** Sends a request and reads `data` of the success body as the endpoint's `name`. */
  async data<N extends ResponseName>(spec: RequestSpec, name: N): Promise<ResponseOf<N>> {
    return ((await this.#receive(spec, "data", name)) as { data: ResponseOf<N> }).data;
  }

  /** Sends a request for a list and reads `{ data: [...], pagination }`, each item as `name`. */
  async page<N extends ResponseName>(spec: RequestSpec, name: N): Promise<Page<ResponseOf<N>>> {
    return (await this.#receive(spec, "page", name)) as Page<ResponseOf<N>>;
  }

  /** Sends a request for a paged list whose `data` is an object (records): `{ data, pagination }`. */
  async pagedData<N extends ResponseName>(
    spec: RequestSpec,
    name: N,
  ): Promise<{ data: ResponseOf<N>; pagination: Pagination }> {
    return (await this.#receive(spec, "pagedData", name)) as { data: ResponseOf<N>; pagination: Pagination };
  }

  /** Sends, and reads the success body; the callers know its shape and type the result. */
  async #receive(spec: RequestSpec, shape: BodyShape, name: ResponseName): Promise<unknown> {
    const response = await this.send(spec);
    const body = await readBody(response);
    const read = this.#read(shape, name, body);
    if (read.ok) return read.value;
    throw new UnexpectedResponseError(
      response.status,
      `${spec.method} ${spec.path} answered a body this client cannot read${read.where}: ${read.message}`,
      body,
      { cause: read.cause },
    );
  }
}
