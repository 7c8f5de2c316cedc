import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../store/memory-store";
import { openSqliteStore } from "../store/sqlite/sqlite-store";
import type { Store } from "../store/store";

/** The embedded adapters (memory, SQLite in a temp folder), each fresh, for suites that run on every one of them. */
export const EMBEDDED_ADAPTERS: [string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>][] = [
  [
    "memory",
    async () => {
      const store = new MemoryStore();
      return { store, cleanup: () => store.close() };
    },
  ],
  [
    "sqlite",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "embedded-store-"));
      const store = await openSqliteStore({ filename: join(dir, "jobs.db") });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await rm(dir, { recursive: true, force: true });
        },
      };
    },
  ],
];
