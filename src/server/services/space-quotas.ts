import { formatCount, type Principal } from "../../core";
import { conflict, tooManyRequests } from "../http/api-error";
import { TokenBuckets } from "../http/token-buckets";
import type { StoreReader } from "../store/store";

/** What one space may hold or do; 0 turns a quota off. */
export type QuotaLimits = {
  /** Jobs created a minute in one space by tokens (the secret key and the platform's own jobs are not counted). */
  jobsPerMinute: number;
  /** Records one sheet may hold. */
  recordsPerSheet: number;
  /** Bytes of all the files stored in one space. */
  fileBytesPerSpace: number;
};

export const DEFAULT_QUOTAS: QuotaLimits = {
  jobsPerMinute: 600,
  recordsPerSheet: 5_000_000,
  fileBytesPerSpace: 10 * 1024 ** 3,
};

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;
function formatBytes(bytes: number): string {
  if (bytes >= GIB) return `${+(bytes / GIB).toFixed(2)} GiB`;
  if (bytes >= MIB) return `${+(bytes / MIB).toFixed(2)} MiB`;
  return `${formatCount(bytes)} bytes`;
}

/**
 * Per-space quotas, checked where jobs, records and files are created. The job rate is a token bucket in this
 * instance's memory (a minute's worth of burst, refilled evenly); the size quotas count with indexed store queries
 * in the writing transaction, so what they refuse is never written.
 */
export class SpaceQuotas {
  readonly limits: QuotaLimits;
  readonly #jobs: TokenBuckets | undefined;

  constructor(limits: Partial<QuotaLimits> = {}, now: () => number = Date.now) {
    this.limits = { ...DEFAULT_QUOTAS, ...limits };
    const perMinute = this.limits.jobsPerMinute;
    this.#jobs =
      perMinute > 0 ? new TokenBuckets({ perSecond: perMinute / 60, burst: perMinute }, now) : undefined;
  }

  /**
   * Counts one job created in `spaceId` by `actor`; 429 once the space's minute is used up. Answers whether it took a
   * token (not for the secret key, nor with the quota off), which `refundJob` may give back.
   */
  chargeJob(spaceId: string, actor: Principal): boolean {
    if (!this.#jobs || actor.kind === "secret") return false;
    const state = this.#jobs.take(spaceId);
    if (!state.allowed)
      throw tooManyRequests(
        `This space's quota of ${formatCount(this.limits.jobsPerMinute)} jobs a minute is used up; try again in ${state.retryAfterSeconds} s`,
        state.retryAfterSeconds,
      );
    return true;
  }

  /** Gives back a token `chargeJob` took for a job that was not created after all. */
  refundJob(spaceId: string): void {
    this.#jobs?.giveBack(spaceId);
  }

  /** 409 when adding `adding` records would take the sheet past its quota. */
  async checkRecords(reader: StoreReader, sheetId: string, adding: number): Promise<void> {
    const limit = this.limits.recordsPerSheet;
    if (limit <= 0 || adding <= 0) return;
    const { total } = await reader.countRecords(sheetId);
    if (total + adding > limit)
      throw conflict(
        `The sheet's quota of ${formatCount(limit)} records would be exceeded: it holds ${formatCount(total)} and ${formatCount(adding)} more were sent`,
      );
  }

  /** 409 when storing `adding` more bytes would take the space past its quota of stored files. */
  async checkFileBytes(reader: StoreReader, spaceId: string, adding: number): Promise<void> {
    const limit = this.limits.fileBytesPerSpace;
    if (limit <= 0) return;
    const stored = await reader.sumFileBytes(spaceId);
    if (stored + adding > limit)
      throw conflict(
        `The space's quota of ${formatBytes(limit)} of stored files would be exceeded: it holds ${formatBytes(stored)} and the file has ${formatBytes(adding)}; delete files to make room`,
      );
  }
}
