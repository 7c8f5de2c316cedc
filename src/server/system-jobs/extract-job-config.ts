import type { Principal, SpaceFile } from "../../core";
import { insertNewJob } from "../services/job-service";
import type { ServiceDeps } from "../services/service-deps";
import type { StoreTx } from "../store/store";
import { extractFormatOf, type ExtractFormat } from "./extract";

/** The driver for an uploaded file, by its name (or media type); undefined for a format the platform does not parse. */
export function extractDriverFor(file: Pick<SpaceFile, "name" | "mimetype">): ExtractFormat | undefined {
  return extractFormatOf(file.name, file.mimetype);
}

/**
 * The platform's `file:extract` job for a file uploaded in mode `import` (in a format it parses; any other is left to
 * listeners, as Flatfile leaves it to `file:extract-plugin-*` jobs), created in the upload's transaction right
 * after `file:created`: managed, ready at once, config `{ driver }` (Flatfile's `FileJobConfig`; the worker adds
 * `detectedHeaderRow`). Created by the uploader, so the outcome is theirs to see.
 */
export async function createExtractJob(
  deps: ServiceDeps,
  tx: StoreTx,
  file: SpaceFile,
  driver: ExtractFormat,
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
