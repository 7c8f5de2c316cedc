import { checkedResponses } from "./checked-responses";
import { createApiClient, type ApiClient } from "./client";
import type { ClientOptions } from "./http";

/**
 * A typed client for every endpoint of the jobs platform's API. Requests are typed with core's request schemas
 * (`z.input`), responses are parsed with core's resource schemas, refusals throw an `ApiError` subclass
 * (`ValidationError`, `AuthError`, `NotFoundError`, `ConflictError`, `PayloadTooLargeError`) and a network failure
 * a `ConnectionError`.
 *
 * @example
 * const api = createClient({ baseUrl: "http://localhost:8080", token: process.env.API_SECRET_KEY });
 * const job = await api.jobs.create({ type: "workbook", operation: "export", source: workbookId, trigger: "immediate" });
 * await api.jobs.ack(job.id, { info: "Starting", progress: 10 });
 */
export function createClient(options: ClientOptions): ApiClient {
  return createApiClient(options, checkedResponses);
}
