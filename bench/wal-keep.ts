/**
 * Preloaded into a server by bench/wal-frame-map.ts (`--import`, after tsx): the SQLite store's WAL is never
 * checkpointed, neither by its thread nor by the writer itself, so that every frame a commit writes stays in the
 * file to be counted. Never for a real server: the WAL only grows.
 */
import { WalCheckpointer } from "../src/server/store/sqlite/wal-checkpointer";

WalCheckpointer.prototype.committed = function committed(this: WalCheckpointer) {
  (this as unknown as { writer: { pragma(sql: string): unknown } }).writer.pragma("wal_autocheckpoint = 0");
};
WalCheckpointer.prototype.beforeWrite = () => undefined;
