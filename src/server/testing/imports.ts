/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import type { TestServer } from "./test-server";

type Target = Pick<TestServer, "baseUrl" | "secretKey" | "ok" | "call">;

/** Uploads `content` as a file named `name` into the space (mode `import` unless said); answers the file. */
export async function uploadFile(
  server: Target,
  spaceId: string,
  name: string,
  content: string | Uint8Array,
  options: { token?: string; mode?: "import" | "export" } = {},
): Promise<any> {
  const form = new FormData();
  form.set("spaceId", spaceId);
  form.set("mode", options.mode ?? "import");
  form.set("file", new Blob([content as BlobPart]), name);
  const response = await fetch(`${server.baseUrl}/v1/files`, {
    method: "POST",
    headers: { authorization: `Bearer ${options.token ?? server.secretKey}` },
    body: form,
  });
  const body = (await response.json()) as any;
  if (response.status !== 200)
    throw new Error(`upload of ${name} answered ${response.status}: ${JSON.stringify(body)}`);
  return body.data;
}

/** The platform's extract job of a file (there is at most one), or undefined. */
export async function extractJobOf(server: Target, fileId: string): Promise<any> {
  const { data } = await server.ok("GET", `/jobs?fileId=${fileId}&operation=extract`);
  return data[0];
}

/** Polls the job until `done` says so (every 25 ms, up to `timeoutMs`); answers it. */
export async function waitForJob(
  server: Target,
  jobId: string,
  done: (job: any) => boolean = (job) => ["complete", "failed", "canceled"].includes(job.status),
  timeoutMs = 20_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await server.ok("GET", `/jobs/${jobId}`);
    if (done(data)) return data;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${data.status} (${data.info ?? ""})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Uploads and waits for the extract job to end; answers the file (read again) and the job. */
export async function uploadAndExtract(
  server: Target,
  spaceId: string,
  name: string,
  content: string | Uint8Array,
): Promise<{ file: any; job: any }> {
  const uploaded = await uploadFile(server, spaceId, name, content);
  const created = await extractJobOf(server, uploaded.id);
  if (!created) throw new Error(`no extract job for ${name}`);
  const job = await waitForJob(server, created.id);
  const { data: file } = await server.ok("GET", `/files/${uploaded.id}`);
  return { file, job };
}

/** Every record of a sheet, in order (pages of 1,000). */
export async function allRecords(server: Target, sheetId: string): Promise<any[]> {
  const records: any[] = [];
  for (let page = 1; ; page++) {
    const { data } = await server.ok("GET", `/sheets/${sheetId}/records?pageSize=1000&pageNumber=${page}`);
    records.push(...data.records);
    if (data.records.length < 1000) return records;
  }
}

/** A CSV of `rows` contact rows: a header then "First i,Last i,person-i@example.com,i". */
export function contactsCsv(rows: number): string {
  const lines = ["First Name,Last Name,Email Address,Age"];
  for (let i = 1; i <= rows; i++) lines.push(`First ${i},Last ${i},person-${i}@example.com,${i}`);
  return lines.join("\n") + "\n";
}
