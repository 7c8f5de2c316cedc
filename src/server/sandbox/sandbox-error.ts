/** Why a sandboxed function failed, as a kind a caller can act on. */
export type SandboxFailure =
  /** The function text does not compile, or is not a function. */
  | "compile"
  /** It threw. */
  | "threw"
  /** It ran out of time (a record's or the batch's). */
  | "timeout"
  /** It ran out of the engine's memory. */
  | "memory"
  /** It recursed too deep. */
  | "stack"
  /** It returned something that is not a record of the shape asked for. */
  | "invalid";

/**
 * A sandboxed `mutateRecord` failed, in a sentence for the person who wrote it; `recordId` names the record it was
 * working on, when there was one. The host is untouched: the sandbox is spent and disposed.
 */
export class SandboxError extends Error {
  override readonly name = "SandboxError";

  constructor(
    readonly failure: SandboxFailure,
    message: string,
    readonly recordId?: string,
  ) {
    super(message);
  }
}
