import type { ServiceDeps } from "../services/service-deps";
import type { Store } from "../store/store";

/** A clock for tests: `now()` answers `at` until a test moves it. */
export class TestClock {
  #ms: number;

  constructor(start: string) {
    this.#ms = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.#ms);

  set(iso: string): void {
    this.#ms = Date.parse(iso);
  }

  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** Service deps over `store` with a test clock, as the maintenance duties take them. */
export const testDeps = (store: Store, clock: TestClock): ServiceDeps => ({
  store,
  now: clock.now,
  environmentId: "us_env_maintenance",
  accountId: "us_acc_maintenance",
});
