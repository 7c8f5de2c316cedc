import { z } from "zod";
import {
  CellScalar,
  ValidationMessage,
  type FindAndReplaceJobConfig,
  type MutateJobConfig,
} from "../../../../core";
import { ApiError, apiUrl, ConnectionError, type ApiClient } from "../../../../sdk";

/*
 * The two preview calls of issue 18's contract, which the SDK does not have yet: `POST /sheets/{id}/find-replace/preview`
 * and `POST /jobs/preview-mutation` (Flatfile's `jobs.previewMutation`). They go through the client's own options
 * (origin, token) and map a refusal with the SDK's `ApiError.from`, as the client does.
 */

/** One record of a preview (Flatfile's `DiffRecord`): per changed field, the value after and the value before. */
export const DiffRecord = z.object({
  id: z.string(),
  values: z.record(
    z.string(),
    z.object({
      value: CellScalar.optional(),
      snapshotValue: CellScalar.optional(),
      valid: z.boolean().optional(),
      messages: z.array(ValidationMessage).optional(),
    }),
  ),
});
export type DiffRecord = z.infer<typeof DiffRecord>;

/** How many records and cells a find and replace will change, with a sample of them. */
export const FindReplacePreview = z.object({
  records: z.number().int(),
  cells: z.number().int(),
  sample: z.array(DiffRecord),
});
export type FindReplacePreview = z.infer<typeof FindReplacePreview>;

async function post<S extends z.ZodType>(
  api: ApiClient,
  path: string,
  body: unknown,
  schema: S,
  signal?: AbortSignal,
): Promise<z.output<S>> {
  const { token, headers, fetch: send = globalThis.fetch.bind(globalThis) } = api.options;
  const bearer = typeof token === "function" ? await token() : token;
  const url = apiUrl(api.options.baseUrl, path);
  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      headers: {
        accept: "application/json",
        "content-type": "application/json",
        ...headers,
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw new ConnectionError(`Could not reach POST ${url}`, { cause: error });
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's error page: the status alone says what went wrong.
    parsed = undefined;
  }
  if (!response.ok) throw ApiError.from(response.status, parsed);
  return (z.object({ data: schema }).parse(parsed) as { data: z.output<S> }).data;
}

/** `POST /sheets/{id}/find-replace/preview`. */
export const previewFindReplace = (
  api: ApiClient,
  sheetId: string,
  config: FindAndReplaceJobConfig,
  signal?: AbortSignal,
) =>
  post(
    api,
    `/sheets/${encodeURIComponent(sheetId)}/find-replace/preview`,
    config,
    FindReplacePreview,
    signal,
  );

/** `POST /jobs/preview-mutation`: the first changed records of the selection. */
export const previewMutation = (api: ApiClient, config: MutateJobConfig, signal?: AbortSignal) =>
  post(api, "/jobs/preview-mutation", config, z.array(DiffRecord), signal);
