/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import type { TestServer } from "./test-server";

/**
 * Builders of the spaces, jobs, actions, workbooks and sheets that the HTTP tests set up through the public API with
 * the secret key; each answers what the server answered (or the id, for a space).
 */

/** Creates a space named `name` (with `extra` fields, e.g. `actions`); answers its id. */
export async function createSpace(
  server: TestServer,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return (await server.ok("POST", "/spaces", { name, ...extra })).data.id as string;
}

/** The `source` of the jobs `jobConfig` describes unless told otherwise. */
export const JOB_SOURCE = "us_wb_test";

/** The body of a manual workbook "export" job of `JOB_SOURCE` in `spaceId`; `config` adds or overrides fields. */
export function jobConfig(spaceId: string, config: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: "workbook", operation: "export", source: JOB_SOURCE, spaceId, ...config };
}

/** Creates the job `jobConfig(spaceId, config)` describes; answers it. */
export async function createJob(
  server: TestServer,
  spaceId: string,
  config: Record<string, unknown> = {},
): Promise<any> {
  return (await server.ok("POST", "/jobs", jobConfig(spaceId, config))).data;
}

/** The events of one job, oldest first. */
export async function jobEvents(server: TestServer, jobId: string): Promise<any[]> {
  return (await server.allEvents({ domain: "job" })).filter((e) => e.context.jobId === jobId);
}

/** Drives a new job (see `createJob`) into `status` through the public calls; answers it. */
export async function jobIn(server: TestServer, spaceId: string, status: string): Promise<any> {
  switch (status) {
    case "created":
      return createJob(server, spaceId);
    case "planning": {
      const job = await createJob(server, spaceId);
      return (await server.ok("PATCH", `/jobs/${job.id}`, { status: "planning" })).data;
    }
    case "waiting": {
      const blocker = await createJob(server, spaceId);
      return createJob(server, spaceId, { trigger: "immediate", predecessorIds: [blocker.id] });
    }
    case "ready":
      return createJob(server, spaceId, { trigger: "immediate" });
    case "executing": {
      const job = await createJob(server, spaceId, { trigger: "immediate" });
      return (await server.ok("POST", `/jobs/${job.id}/ack`, { info: "started" })).data;
    }
    case "complete": {
      const job = await jobIn(server, spaceId, "executing");
      return (await server.ok("POST", `/jobs/${job.id}/complete`, { info: "done" })).data;
    }
    case "failed": {
      const job = await jobIn(server, spaceId, "executing");
      return (await server.ok("POST", `/jobs/${job.id}/fail`, { info: "broke" })).data;
    }
    case "canceled": {
      const job = await jobIn(server, spaceId, "ready");
      return (await server.ok("POST", `/jobs/${job.id}/cancel`, {})).data;
    }
    default:
      throw new Error(`no recipe for ${status}`);
  }
}

/** A foreground "export" action whose input form requires a `format` ("csv" or "xlsx"), followed by `fields`. */
export function exportActionWith(...fields: Record<string, unknown>[]) {
  return {
    operation: "export",
    label: "Export",
    mode: "foreground",
    inputForm: {
      type: "simple",
      fields: [
        {
          key: "format",
          label: "Format",
          type: "enum",
          config: { options: [{ value: "csv" }, { value: "xlsx" }] },
          constraints: [{ type: "required" }],
        },
        ...fields,
      ],
    },
  };
}

/** A cell as records are written: `{ value }`. */
export const cell = (value: unknown) => ({ value });

/** A sheet whose only field is the string `name`; `extra` adds or overrides config (slug, actions, readonly...). */
export function nameSheet(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, fields: [{ key: "name", type: "string" }], ...extra };
}

/** The fields of a contacts sheet: a required `name` and a unique `email`, both strings. */
export const CONTACT_FIELDS = [
  { key: "name", type: "string", constraints: [{ type: "required" }] },
  { key: "email", type: "string", constraints: [{ type: "unique" }] },
];

/** Creates a workbook named `name` in `spaceId` with `sheets` (and `extra` fields, e.g. `actions`); answers it. */
export async function createWorkbook(
  server: TestServer,
  spaceId: string,
  name: string,
  sheets: unknown[],
  extra: Record<string, unknown> = {},
): Promise<any> {
  return (await server.ok("POST", "/workbooks", { name, spaceId, sheets, ...extra })).data;
}
