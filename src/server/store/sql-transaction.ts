import type { Event } from "../../core";
import type { StoreReader, StoreTx } from "./store";

/**
 * The writes of workbooks, sheets, records, documents, files and snapshots, which the SQL adapters keep in a
 * resource writer of their own. A name missing here leaves the adapters' transactions short of `StoreTx`, so it
 * fails to compile.
 */
const RESOURCE_WRITES = [
  "insertWorkbook",
  "updateWorkbook",
  "deleteWorkbook",
  "insertSheet",
  "updateSheet",
  "deleteSheet",
  "insertRecords",
  "insertRecordsAt",
  "updateRecords",
  "deleteRecords",
  "deleteSelectedRecords",
  "replaceRecords",
  "insertDocument",
  "updateDocument",
  "deleteDocument",
  "insertFile",
  "updateFile",
  "deleteFile",
  "insertSnapshot",
  "copyRecordsToSnapshot",
  "deleteSnapshot",
] as const satisfies readonly (keyof StoreTx)[];

type ResourceWriteName = (typeof RESOURCE_WRITES)[number];

/** An adapter's resource writer: the same writes as `StoreTx`, synchronous (SQLite) or not (PostgreSQL). */
export type ResourceWrites = {
  [K in ResourceWriteName]: (
    ...args: Parameters<StoreTx[K]>
  ) => ReturnType<StoreTx[K]> | Awaited<ReturnType<StoreTx[K]>>;
};

// A mixin's base must be typed with a constructor taking `any[]` (TS2545).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReaderClass = abstract new (...args: any[]) => StoreReader;

/**
 * What the transaction objects of the SQL adapters share, added to the adapter's reader (a transaction reads over
 * its own connection): the events it appended, the `open` flag that refuses writes once it has ended, and the
 * resource writes, each handed to `resources` after that check.
 */
export function SqlTransaction<TBase extends ReaderClass>(Reader: TBase) {
  // The resource writes are put on the prototype below; this declares them, as TypeScript declares members added
  // at runtime.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
  interface Transaction extends Pick<StoreTx, ResourceWriteName> {}
  // eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
  abstract class Transaction extends Reader {
    /** The events this transaction appended, in position order. */
    readonly appended: Event[] = [];
    /** Cleared when the transaction ends. */
    open = true;
    /** The adapter's resource writer on this transaction's connection. */
    protected abstract readonly resources: ResourceWrites;

    protected check(): void {
      if (!this.open) throw new Error("this transaction has already ended");
    }

    // Each resource write checks that the transaction is still open, then hands over to the resource writer.
    static {
      for (const name of RESOURCE_WRITES) {
        Object.defineProperty(this.prototype, name, {
          async value(this: Transaction, ...args: unknown[]) {
            this.check();
            return Reflect.apply(this.resources[name], this.resources, args);
          },
          writable: true,
          configurable: true,
        });
      }
    }
  }
  return Transaction;
}
