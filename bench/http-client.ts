import http from "node:http";
import { performance } from "node:perf_hooks";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/** A figure with thousands separators and `digits` decimals (as it is, when not finite). */
export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : String(n);

export type HttpResult = {
  status: number;
  text: string;
  /** performance.now() when the request was handed to the socket pool. */
  startedAt: number;
  /** performance.now() when the whole response body had arrived. */
  endedAt: number;
};

/**
 * A small JSON client on Node's `http` module with a keep-alive agent: lighter than fetch, so the load generator
 * measures the server rather than itself.
 */
export class HttpClient {
  readonly agent: http.Agent;
  readonly #host: string;
  readonly #port: number;
  readonly #token: string | undefined;

  constructor(baseUrl: string, options: { maxSockets: number; token?: string }) {
    const url = new URL(baseUrl);
    this.#host = url.hostname;
    this.#port = Number(url.port || 80);
    this.#token = options.token;
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.maxSockets,
      maxFreeSockets: options.maxSockets,
    });
  }

  /** Sends one request; `body` is JSON-encoded unless it is already a string. Rejects only on network errors. */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
    const allHeaders: Record<string, string | number> = { accept: "application/json", ...headers };
    if (this.#token) allHeaders.authorization = `Bearer ${this.#token}`;
    if (payload !== undefined) {
      allHeaders["content-type"] = "application/json";
      allHeaders["content-length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const startedAt = performance.now();
      const req = http.request(
        { host: this.#host, port: this.#port, method, path, headers: allHeaders, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString("utf8"),
              startedAt,
              endedAt: performance.now(),
            }),
          );
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** A request that must answer 2xx; returns the parsed `data` of the body. */
  async json<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ data: T; result: HttpResult }> {
    const result = await this.request(method, path, body, headers);
    if (result.status < 200 || result.status >= 300)
      throw new Error(`${method} ${path} answered ${result.status}: ${result.text.slice(0, 300)}`);
    return { data: (JSON.parse(result.text) as { data: T }).data, result };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Percentile (nearest rank) of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A growable list of samples (milliseconds) kept in typed arrays, cheap to append under load. */
export class Samples {
  #data = new Float64Array(1 << 16);
  #length = 0;

  add(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new Float64Array(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  sorted(): Float64Array {
    return this.#data.slice(0, this.#length).sort();
  }
}
