import type { Principal } from "../../core";
import type { StoreReader } from "../store/store";
import type { ServiceDeps } from "./service-deps";
import type { SpaceQuotas } from "./space-quotas";

/** What the services check against: the space quotas, or one request's view of them. */
export type Quotas = Pick<SpaceQuotas, "chargeJob" | "refundJob" | "checkRecords" | "checkFileBytes">;

/**
 * One request's view of the space quotas. A store may run the request's transaction more than once (PostgreSQL runs
 * an independent transaction again after a deadlock, a failed group COMMIT, or when it leaves its group), and each
 * run creates the job again; the request is still charged one job a space. The charge stays inside the transaction,
 * where the job's space is read.
 */
export class RequestQuotas implements Quotas {
  readonly #charged = new Set<string>();

  constructor(private readonly quotas: Quotas) {}

  chargeJob(spaceId: string, actor: Principal): boolean {
    if (this.#charged.has(spaceId)) return false;
    const took = this.quotas.chargeJob(spaceId, actor);
    if (took) this.#charged.add(spaceId);
    return took;
  }

  refundJob(spaceId: string): void {
    if (this.#charged.delete(spaceId)) this.quotas.refundJob(spaceId);
  }

  /** Gives back every job token the request took: it failed, so none of its jobs was created. */
  refundAll(): void {
    for (const spaceId of [...this.#charged]) this.refundJob(spaceId);
  }

  checkRecords(reader: StoreReader, sheetId: string, adding: number): Promise<void> {
    return this.quotas.checkRecords(reader, sheetId, adding);
  }

  checkFileBytes(reader: StoreReader, spaceId: string, adding: number): Promise<void> {
    return this.quotas.checkFileBytes(reader, spaceId, adding);
  }
}

/**
 * Runs one request with quotas that charge it once however often its transaction runs (see `RequestQuotas`); a
 * request that fails gets its job tokens back, as the quota counts jobs created. A failure after the COMMIT was sent
 * (a connection lost while it answers) may have created the job and still refunds: one job too many at most.
 */
export async function chargedOnce<T>(deps: ServiceDeps, run: (deps: ServiceDeps) => Promise<T>): Promise<T> {
  if (!deps.quotas) return run(deps);
  const quotas = new RequestQuotas(deps.quotas);
  try {
    return await run({ ...deps, quotas });
  } catch (error) {
    quotas.refundAll();
    throw error;
  }
}
