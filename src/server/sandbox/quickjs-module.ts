import type { QuickJSWASMModule } from "quickjs-emscripten-core";

const PAGE_BYTES = 64 * 1024;
/** The engine's WebAssembly build declares this much memory at the start (16 MiB): its data, stack and first heap. */
export const ENGINE_INITIAL_BYTES = 256 * PAGE_BYTES;

/**
 * A fresh instance of the QuickJS engine compiled to WebAssembly, over a memory of its own that can grow to
 * `memoryBytes` and no further (at least ENGINE_INITIAL_BYTES). The engine's own memory limit is not enough alone:
 * its WebAssembly build counts every block as a few bytes (it cannot ask the allocator for a block's size), so it only
 * refuses single allocations over the limit and many large ones would grow the memory up to 2 GiB. A memory with a
 * maximum makes the allocator fail instead, which the engine turns into its "out of memory" error.
 *
 * `memoryFull` says whether the memory reached its maximum: the engine may report running out as a thrown `null`
 * (when it has no room left even for the error), which this tells apart from a function that throws null.
 *
 * Each sandbox takes its own instance, so that an engine left broken by a function (the host's stack exhausted inside
 * it) is dropped with that sandbox, memory and all, and never reused. Both packages are imported on first use: mock
 * mode's bundle loads the engine (and its .wasm file, which the bundler emits beside it) only when a mutation runs.
 */
export async function newQuickJSModule(
  memoryBytes: number,
): Promise<{ module: QuickJSWASMModule; memoryFull: () => boolean }> {
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, variant] = await Promise.all([
    import("quickjs-emscripten-core"),
    import("@jitl/quickjs-wasmfile-release-sync"),
  ]);
  const initial = ENGINE_INITIAL_BYTES / PAGE_BYTES;
  const maximum = Math.max(initial, Math.ceil(memoryBytes / PAGE_BYTES));
  const wasmMemory = new WebAssembly.Memory({ initial, maximum });
  const module = await newQuickJSWASMModuleFromVariant(newVariant(variant.default, { wasmMemory }));
  // The memory never shrinks. The allocator grows it by a margin (5% and more), so a growth refused at the maximum
  // may leave it somewhat below: within a tenth of the maximum counts as full.
  const full = maximum * PAGE_BYTES * 0.9;
  return { module, memoryFull: () => wasmMemory.buffer.byteLength >= full };
}
