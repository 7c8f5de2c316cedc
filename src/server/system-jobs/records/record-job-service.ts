import {
  RECORD_JOBS,
  type FindAndReplaceBody,
  type FindAndReplacePreview,
  type FindAndReplaceQuery,
  type FindAndReplaceResult,
  type Principal,
} from "../../../core";
import { notFound } from "../../http/api-error";
import { canSeeSpace } from "../../services/access";
import type { JobService } from "../../services/job-service";
import type { ServiceDeps } from "../../services/service-deps";
import type { StoredSheet } from "../../store/store";
import { previewFindReplace } from "./find-replace-job";
import { checkRecordJob, parseRecordJob } from "./record-job-create";

/**
 * The record jobs' own calls on a sheet, as Flatfile names them: `records.findAndReplace` (creates the job),
 * its preview, and `sheets.validate` (creates the job). A sheet the caller cannot see is a 404; the rest is checked
 * as `POST /jobs` checks it.
 */
export class RecordJobService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly jobs: JobService,
  ) {}

  async #visibleSheet(sheetId: string, principal: Principal): Promise<StoredSheet> {
    const sheet = await this.deps.store.getSheet(sheetId);
    if (!sheet || !canSeeSpace(principal, sheet.spaceId)) throw notFound("sheet", sheetId);
    return sheet;
  }

  /** Creates the `sheet:find-replace` job; answers its id and the snapshot it takes first (the version before). */
  async findReplace(
    sheetId: string,
    query: FindAndReplaceQuery,
    body: FindAndReplaceBody,
    principal: Principal,
  ): Promise<FindAndReplaceResult> {
    const sheet = await this.#visibleSheet(sheetId, principal);
    const job = await this.jobs.create(
      { ...RECORD_JOBS.findReplace, source: sheet.id, config: { ...query, ...body } },
      principal,
    );
    return { versionId: String(job.metadata.snapshotId), jobId: job.id };
  }

  async previewFindReplace(
    sheetId: string,
    config: unknown,
    principal: Principal,
  ): Promise<FindAndReplacePreview> {
    const sheet = await this.#visibleSheet(sheetId, principal);
    const parsed = parseRecordJob("findReplace", config);
    checkRecordJob(sheet, parsed, principal);
    return previewFindReplace(this.deps.store, sheet, parsed.config);
  }

  /** Creates the `sheet:validate` job. */
  async validate(sheetId: string, principal: Principal): Promise<void> {
    const sheet = await this.#visibleSheet(sheetId, principal);
    await this.jobs.create({ ...RECORD_JOBS.validate, source: sheet.id, config: {} }, principal);
  }
}
