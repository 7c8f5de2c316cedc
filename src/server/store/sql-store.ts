import type { Event } from "../../core";
import { CommitListeners } from "./commit-listeners";
import type { ReaderClass } from "./sql-transaction";
import type { Store, StoreTx } from "./store";
import type { QueuedTx, TransactionQueue } from "./transaction-queue";

/**
 * What the SQL stores share, added to the adapter's reader (reads outside transactions): transactions run by the
 * adapter's `TransactionQueue`, its commit listeners, and a close that lets the transactions accepted before it
 * finish before `closeConnections`.
 */
export function SqlStore<TBase extends ReaderClass>(Reader: TBase) {
  abstract class Adapter extends Reader implements Store {
    protected readonly listeners = new CommitListeners();
    protected abstract readonly transactions: Pick<TransactionQueue<QueuedTx>, "run" | "close">;

    /** Ends the adapter's connections; runs once no transaction is left. */
    protected abstract closeConnections(): Promise<void>;

    transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
      return this.transactions.run(work);
    }

    onCommit(listener: (events: Event[]) => void): () => void {
      return this.listeners.add(listener);
    }

    close(): Promise<void> {
      // Transactions accepted before close still run; later ones are refused.
      return this.transactions.close(() => this.closeConnections());
    }
  }
  return Adapter;
}
