/**
 * The reason a handler's `signal` aborts when the event's job was canceled (a `job:updated` event with status
 * `canceled` arrived). Stop the work and return: the job is final, so completing or failing it would be refused.
 */
export class JobCanceledError extends Error {
  /** The canceled job. */
  readonly jobId: string;

  constructor(jobId: string) {
    super(`Job ${jobId} was canceled`);
    this.name = "JobCanceledError";
    this.jobId = jobId;
  }
}

/**
 * The reason a handler's `signal` aborts when the listener is unmounted. Finish or abandon the work quickly:
 * `unmount()` waits for running handlers. The job itself was not canceled, so reporting its result still works.
 */
export class ListenerStoppedError extends Error {
  constructor() {
    super("The listener was unmounted");
    this.name = "ListenerStoppedError";
  }
}

/** True when `signal` aborted because its job was canceled (not because the listener stopped). */
export function isJobCanceled(signal: AbortSignal): boolean {
  return signal.aborted && signal.reason instanceof JobCanceledError;
}
