import { z } from "zod";
import { JobPlan, type JobExecutionPlanConfigRequest } from "../../../../core";
import { ApiError, apiUrl, ConnectionError, type ApiClient } from "../../../../sdk";

/*
 * The plan endpoints of a map job (`GET|PATCH /jobs/{id}/plan`). The SDK client has no call for them yet, so they go
 * through the client's own options (base URL, token, fetch) and answer and fail as its calls do: a parsed `JobPlan`,
 * or an `ApiError` subclass. Once the client has `jobs.getPlan` and `jobs.patchPlan`, these two become one-liners.
 */

async function planRequest(
  api: ApiClient,
  jobId: string,
  init: { method: "GET" | "PATCH"; body?: JobExecutionPlanConfigRequest; signal?: AbortSignal },
): Promise<JobPlan> {
  const { baseUrl, token, headers: extra } = api.options;
  const headers: Record<string, string> = { accept: "application/json", ...extra };
  const bearer = typeof token === "function" ? await token() : token;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (init.body) headers["content-type"] = "application/json";
  const url = apiUrl(baseUrl, `/jobs/${encodeURIComponent(jobId)}/plan`);
  const send =
    api.options.fetch ?? ((input: RequestInfo | URL, options?: RequestInit) => fetch(input, options));
  let response: Response;
  try {
    response = await send(url, {
      method: init.method,
      headers,
      body: init.body ? JSON.stringify(init.body) : undefined,
      signal: init.signal,
    });
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new ConnectionError(`Could not reach ${init.method} ${url}`, { cause: error });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the error keeps the text.
  }
  if (!response.ok) throw ApiError.from(response.status, body);
  return z.object({ data: JobPlan }).parse(body).data;
}

/** `GET /jobs/{id}/plan`: the job and its proposed (or edited) plan. */
export const getPlan = (api: ApiClient, jobId: string, signal?: AbortSignal) =>
  planRequest(api, jobId, { method: "GET", signal });

/** `PATCH /jobs/{id}/plan`: the lists given replace the plan's. */
export const patchPlan = (api: ApiClient, jobId: string, body: JobExecutionPlanConfigRequest) =>
  planRequest(api, jobId, { method: "PATCH", body });
