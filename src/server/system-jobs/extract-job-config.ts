import type { Principal, SpaceFile } from "../../core";
import { insertNewJob } from "../services/job-service";
import type { ServiceDeps } from "../services/service-deps";
import type { StoreTx } from "../store/store";

/** The formats the platform extracts itself; any other file is left to listeners (their own `file:extract-*` jobs). */
export const EXTRACT_DRIVERS = ["csv", "tsv", "xlsx", "json"] as const;
export type ExtractDriver = (typeof EXTRACT_DRIVERS)[number];

const BY_EXTENSION: Record<string, ExtractDriver> = {
  csv: "csv",
  tsv: "tsv",
  tab: "tsv",
  xlsx: "xlsx",
  json: "json",
};

/** The driver for a file name, by its extension; undefined for a format the platform does not parse. */
export function extractDriverFor(fileName: string): ExtractDriver | undefined {
  const dot = fileName.lastIndexOf(".");
  return dot < 0 ? undefined : BY_EXTENSION[fileName.slice(dot + 1).toLowerCase()];
}

/**
 * The platform's `file:extract` job for a file uploaded in mode `import`, created in the upload's transaction right
 * after `file:created`: managed, ready at once, config `{ driver }` (Flatfile's `FileJobConfig`; the worker adds
 * `detectedHeaderRow`). Created by the uploader, so the outcome is theirs to see.
 */
export async function createExtractJob(
  deps: ServiceDeps,
  tx: StoreTx,
  file: SpaceFile,
  driver: ExtractDriver,
  uploader: Principal,
  now: string,
) {
  return insertNewJob(
    deps,
    tx,
    {
      type: "file",
      operation: "extract",
      source: file.id,
      fileId: file.id,
      trigger: "immediate",
      managed: true,
      mode: "background",
      config: { driver },
      metadata: { fileName: file.name },
    },
    { spaceId: file.spaceId, actor: uploader, now },
  );
}
