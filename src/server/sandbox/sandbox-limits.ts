/**
 * What one sandbox may take. The engine runs on the server's own thread, so the time limits are also the longest a
 * mutation can hold the event loop; memory and stack are the engine's own (its heap and its call depth), never the
 * host's.
 */
export type SandboxLimits = {
  /**
   * Longest one record's `mutateRecord` call may run (and turning its result into JSON), counted from the engine's
   * first interrupt on that record: a few thousand of its steps later than its start at most.
   */
  recordMs: number;
  /** Longest one batch may run in all: reading the records in, every call, writing the results out. */
  batchMs: number;
  /** Longest compiling the function text (and running a script's top level) may take. */
  compileMs: number;
  /**
   * The engine's whole memory (its WebAssembly memory's maximum, at least 16 MiB): its own data and stack, the
   * records of a batch in and out, and everything the function allocates.
   */
  memoryBytes: number;
  /** The engine's stack; kept well below what the host's own stack can hold while it runs the engine. */
  stackBytes: number;
};

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  recordMs: 100,
  batchMs: 5_000,
  compileMs: 1_000,
  memoryBytes: 64 * 1024 * 1024,
  stackBytes: 256 * 1024,
};
