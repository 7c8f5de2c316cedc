import type { Store } from "../store/store";
import type { Quotas } from "./request-quotas";

/** What every service needs: the store, the clock, and the identity of this environment. */
export type ServiceDeps = {
  store: Store;
  now: () => Date;
  environmentId: string;
  accountId: string;
  /** Checked where jobs, records and files are created; none when not given (background workers, tests). */
  quotas?: Quotas;
};
