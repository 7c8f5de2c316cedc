import type { Store } from "../store/store";

/** What every service needs: the store, the clock, and the identity of this environment. */
export type ServiceDeps = {
  store: Store;
  now: () => Date;
  environmentId: string;
  accountId: string;
};
