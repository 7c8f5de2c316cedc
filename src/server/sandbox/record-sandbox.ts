import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten-core";
import {
  encodeBatch,
  idText,
  megabytes,
  readResults,
  type SandboxRecord,
  type SandboxResult,
} from "./sandbox-results";
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from "./sandbox-limits";
import { SandboxError } from "./sandbox-error";
import { newQuickJSModule } from "./quickjs-module";

export type { SandboxRecord, SandboxResult };

/** A compiled `mutateRecord`, ready to run on batches of records; `dispose` frees the engine. */
export type RecordSandbox = {
  /**
   * The function's result for each record, in order: only the value of each cell it returned. The first failure
   * (a throw, a limit, a result that is not a record) is a SandboxError naming the record, and spends the sandbox.
   */
  run(records: readonly SandboxRecord[]): SandboxResult[];
  dispose(): void;
};

/**
 * Runs inside the engine before the person's code, so that it holds the engine's own built-ins even if that code
 * replaces them. `run` takes a batch as JSON text (see `encodeBatch`: a record plain enough travels as its key list's
 * values only, and is rebuilt here in Flatfile's shape) and answers JSON text: for each record `0` when it returned
 * the record with no value changed, else its id and the value of each cell returned that differs from the value
 * given (every cell, for a record that travelled whole); or the first failure. Before each record it writes the
 * record's place in the batch plus one into `state.length`, which the host reads at the engine's interrupts: no call
 * out of the engine per record. Whatever it answers, the host reads it as untrusted input: a function that rewrites
 * the runner's answer can only make its own records fail.
 */
const RUNNER = `(() => {
  "use strict";
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const keysOf = Object.keys;
  const bare = Object.create;
  const text = String;
  const describe = (error) => {
    try {
      if (error !== null && typeof error === "object" && typeof error.message === "string")
        return text(error.name) + ": " + error.message;
      return text(error);
    } catch (_) {
      return "an error that cannot be read";
    }
  };
  const failure = (index, stage, message) => stringify({ failed: index, stage: stage, message: message });
  const isObject = (value) => value !== null && typeof value === "object" && !isArray(value);
  const record = (keys, row) => {
    if (!isArray(row)) return row;
    const values = {};
    for (let k = 0; k < keys.length; k++) values[keys[k]] = { value: row[k + 1], valid: true, messages: [] };
    return { id: row[0], values: values, valid: true, messages: [], metadata: {} };
  };
  // The id and each returned cell's value that changed (against row, the values given, when the record travelled
  // as a row: at is each key's place in it); anything else as it is, for the host to refuse with a reason.
  const answer = (result, row, at) => {
    if (!isObject(result)) return stringify(result);
    const id = result.id;
    const values = result.values;
    if (!isObject(values)) return stringify({ id: id, values: values });
    let out;
    const names = keysOf(values);
    for (let k = 0; k < names.length; k++) {
      const name = names[k];
      const cell = values[name];
      let kept = cell;
      if (isObject(cell)) {
        const value = cell.value;
        if (row !== undefined && at[name] !== undefined && value === row[at[name]]) continue;
        kept = { value: value };
      }
      if (out === undefined) out = bare(null);
      out[name] = kept;
    }
    if (out === undefined && row !== undefined && id === row[0]) return "0";
    return stringify({ id: id, values: out === undefined ? bare(null) : out });
  };
  return (mutateRecord) => {
    const state = bare(null);
    state.length = 0;
    const run = (json) => {
      state.length = 0;
      const batch = parse(json);
      const keys = batch.keys;
      const rows = batch.rows;
      const at = bare(null);
      for (let k = 0; k < keys.length; k++) at[keys[k]] = k + 1;
      // Appended a group at a time: one long string grown by each record would be copied again for each.
      let body = "";
      let group = "";
      for (let i = 0; i < rows.length; i++) {
        state.length = i + 1;
        const row = rows[i];
        const input = record(keys, row);
        let result;
        try {
          result = mutateRecord(input);
        } catch (error) {
          return failure(i, "threw", describe(error));
        }
        if (result === undefined) return failure(i, "returned", "undefined");
        if (result !== null && typeof result === "object" && typeof result.then === "function")
          return failure(i, "returned", "a promise (mutateRecord runs synchronously; it cannot be async)");
        let out;
        try {
          out = answer(result, isArray(row) ? row : undefined, at);
        } catch (error) {
          return failure(i, "unreadable", describe(error));
        }
        if (typeof out !== "string") return failure(i, "returned", typeof result);
        group += (i === 0 ? "" : ",") + out;
        if ((i & 63) === 63) {
          body += group;
          group = "";
        }
      }
      return '{"results":[' + body + group + "]}";
    };
    const made = bare(null);
    made.run = run;
    made.state = state;
    return made;
  };
})()`;

const FUNCTION_HINT =
  "mutateRecord must be a JavaScript function as text, such as (record) => { ...; return record }";

/** What the engine's error says about a limit, when it is one. */
function limitOf(message: string): "memory" | "stack" | undefined {
  if (/out of memory/i.test(message)) return "memory";
  if (/stack overflow|call stack/i.test(message)) return "stack";
  return undefined;
}

/**
 * Compiles `source` (Flatfile's `mutateRecord`: a function that takes a record `{id, values: {key: {value, ...}},
 * metadata}` and returns it changed) once, in a QuickJS engine of its own compiled to WebAssembly. The engine has
 * the language and nothing of the host: no `require`, `process`, `fetch`, timers or files. Records cross as JSON,
 * a batch in one call; time is bounded per record and per batch by an interrupt, memory and stack by the engine's
 * own limits.
 */
export async function createRecordSandbox(
  source: string,
  limits: Partial<SandboxLimits> = {},
): Promise<RecordSandbox> {
  const limit: SandboxLimits = { ...DEFAULT_SANDBOX_LIMITS, ...limits };
  const { module: engine, memoryFull } = await newQuickJSModule(limit.memoryBytes);
  let deadline = Number.POSITIVE_INFINITY;
  let batchDeadline = Number.POSITIVE_INFINITY;
  // The runner's record position as last read, and when that read first saw it.
  let seen = -1;
  let seenAt = 0;
  let readPosition: (() => number | undefined) | undefined;
  let readPositionBroken: (() => number | undefined) | undefined;
  /**
   * At each of the engine's interrupts (every few thousand steps): past the deadline (the batch's, or loading's),
   * or on the same record for longer than `recordMs` since an interrupt first saw it there.
   */
  const interrupted = () => {
    const now = performance.now();
    if (now > deadline) return true;
    // Reading allocates a few bytes outside the engine's own limit, which a full memory may not have.
    if (!readPosition || memoryFull()) return false;
    const position = readPosition();
    if (position !== seen) {
      seen = position ?? -1;
      seenAt = now;
      return false;
    }
    return now - seenAt > limit.recordMs;
  };
  const runtime: QuickJSRuntime = engine.newRuntime({
    memoryLimitBytes: limit.memoryBytes,
    maxStackSizeBytes: limit.stackBytes,
    interruptHandler: interrupted,
  });
  const context: QuickJSContext = runtime.newContext();
  const handles: QuickJSHandle[] = [];
  let spent: SandboxError | undefined;
  let disposed = false;
  // Set when the host's stack ran out inside the engine: its state is then unknown, and freeing it may abort.
  let broken = false;

  /** A throw or an unreadable result that happened with the engine's memory full is that, whatever it said. */
  const outOfMemory = (error: SandboxError) =>
    (error.failure === "threw" || error.failure === "invalid") && memoryFull()
      ? new SandboxError(
          "memory",
          `mutateRecord used more than ${megabytes(limit.memoryBytes)} of memory${idText(error.recordId)}`,
          error.recordId,
        )
      : error;

  const dispose = () => {
    if (disposed) return;
    disposed = true;
    if (broken) return;
    try {
      for (const handle of handles.reverse()) handle.dispose();
      context.dispose();
      runtime.dispose();
    } catch {
      // The engine's memory goes with its module instance, which nothing references any more.
    }
  };

  /**
   * Runs `step` in the engine. A host exception from inside it spends the engine: the host's stack ran out (native
   * recursion in the engine that its own stack limit does not see, such as JSON of a deeply nested value) or the
   * engine trapped.
   */
  const guarded = <T>(step: () => T, recordId: () => string | undefined): T => {
    try {
      return step();
    } catch (error) {
      if (error instanceof SandboxError) throw error;
      broken = true;
      const where = idText(recordId());
      if (error instanceof RangeError)
        throw new SandboxError("stack", `mutateRecord recursed too deep${where}`, recordId());
      throw new SandboxError("threw", `The sandbox's engine stopped${where}: ${String(error)}`, recordId());
    }
  };

  /** The engine's error as a SandboxError: a limit, an interrupt, or the function's own. */
  const engineError = (handle: QuickJSHandle, stage: "compile" | "run", recordId: string | undefined) => {
    const dumped: unknown = context.dump(handle);
    handle.dispose();
    const text =
      dumped !== null && typeof dumped === "object" && "message" in dumped
        ? `${String((dumped as { name?: unknown }).name ?? "Error")}: ${String((dumped as { message: unknown }).message)}`
        : String(dumped);
    const where = idText(recordId);
    if (/interrupted/.test(text)) {
      if (stage === "compile")
        return new SandboxError("timeout", `mutateRecord took longer than ${limit.compileMs} ms to load`);
      return performance.now() > batchDeadline
        ? new SandboxError(
            "timeout",
            `mutateRecord took longer than ${limit.batchMs} ms for one batch${where}`,
            recordId,
          )
        : new SandboxError("timeout", `mutateRecord took longer than ${limit.recordMs} ms${where}`, recordId);
    }
    const kind = limitOf(text);
    if (kind === "memory")
      return new SandboxError(
        "memory",
        `mutateRecord used more than ${megabytes(limit.memoryBytes)} of memory${where}`,
        recordId,
      );
    if (kind === "stack")
      return new SandboxError("stack", `mutateRecord recursed too deep${where}`, recordId);
    if (stage === "compile") return new SandboxError("compile", `mutateRecord does not compile: ${text}`);
    return new SandboxError("threw", `mutateRecord threw${where}: ${text}`, recordId);
  };

  const compile = (): { run: QuickJSHandle; state: QuickJSHandle; length: QuickJSHandle } => {
    deadline = performance.now() + limit.compileMs;
    const runner = context.evalCode(RUNNER, "runner.js");
    if (runner.error) throw engineError(runner.error, "compile", undefined);
    handles.push(runner.value);
    // A function expression first ("(record) => ...", "function mutateRecord(record) {...}"); failing that, a
    // script that declares `mutateRecord`.
    let fn = context.evalCode(`(${source}\n)`, "mutateRecord.js");
    if (fn.error) {
      fn.error.dispose();
      fn = context.evalCode(
        `${source}\n;typeof mutateRecord === "function" ? mutateRecord : undefined`,
        "mutateRecord.js",
      );
    }
    if (fn.error) throw engineError(fn.error, "compile", undefined);
    handles.push(fn.value);
    if (context.typeof(fn.value) !== "function") throw new SandboxError("compile", FUNCTION_HINT);
    const made = context.callFunction(runner.value, context.undefined, fn.value);
    if (made.error) throw engineError(made.error, "compile", undefined);
    handles.push(made.value);
    const run = context.getProp(made.value, "run");
    const state = context.getProp(made.value, "state");
    const length = context.newString("length");
    handles.push(run, state, length);
    return { run, state, length };
  };

  let run: QuickJSHandle;
  try {
    const made = guarded(compile, () => undefined);
    run = made.run;
    const { state, length } = made;
    readPosition = () => {
      const position = context.getProp(state, length);
      const value = context.getNumber(position);
      position.dispose();
      return Number.isInteger(value) ? value - 1 : undefined;
    };
    // With no allocation (the engine's allocator may have stopped halfway); undefined once the memory has grown.
    readPositionBroken = () => {
      try {
        const value = context.getLength(state);
        return value === undefined ? undefined : value - 1;
      } catch {
        return undefined;
      }
    };
  } catch (error) {
    dispose();
    throw error;
  } finally {
    deadline = Number.POSITIVE_INFINITY;
  }

  const runBatch = (records: readonly SandboxRecord[]): SandboxResult[] => {
    if (records.length === 0) return [];
    seen = -1;
    seenAt = performance.now();
    batchDeadline = seenAt + limit.batchMs;
    deadline = batchDeadline;
    // The record the engine was on when it stopped, read back from it (without allocating, from an engine broken or
    // out of memory); else the last one an interrupt saw.
    const recordId = () => {
      seen = (broken || memoryFull() ? readPositionBroken?.() : readPosition?.()) ?? seen;
      return records[seen]?.id;
    };
    const text = guarded(() => {
      const input = context.newString(encodeBatch(records));
      // Nothing is freed after a host exception: the engine is broken then, and dropped whole.
      const answer = context.callFunction(run, context.undefined, input);
      input.dispose();
      if (answer.error) throw engineError(answer.error, "run", recordId());
      const value = context.typeof(answer.value) === "string" ? context.getString(answer.value) : undefined;
      answer.value.dispose();
      return value;
    }, recordId);
    if (text === undefined)
      throw new SandboxError("invalid", "mutateRecord's batch answered nothing readable");
    return readResults(text, records, limit);
  };

  return {
    run(records) {
      if (disposed) throw new Error("The sandbox was disposed");
      if (spent) throw spent;
      try {
        return runBatch(records);
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error;
        spent = outOfMemory(error);
        throw spent;
      } finally {
        deadline = Number.POSITIVE_INFINITY;
        batchDeadline = Number.POSITIVE_INFINITY;
      }
    },
    dispose,
  };
}
