import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "./memory-store";
import { openSqliteStore } from "./sqlite/sqlite-store";
import { runStoreConformance } from "./store-conformance";

runStoreConformance("memory", async () => {
  const store = new MemoryStore();
  return { store, cleanup: () => store.close() };
});

runStoreConformance("sqlite", async () => {
  const dir = await mkdtemp(join(tmpdir(), "store-conformance-"));
  const store = await openSqliteStore({ filename: join(dir, "jobs.db") });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
