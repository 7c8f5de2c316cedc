import { readFileSync } from "node:fs";

/** A process's resident memory (Linux), or undefined when it cannot be read. */
export function processRssMiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS every `intervalMs` until stopped; reports the peak. */
export function sampleRss(pid: number | undefined, intervalMs = 20) {
  let peak = processRssMiB(pid) ?? Number.NaN;
  let samples = 0;
  const timer = setInterval(() => {
    const rss = processRssMiB(pid);
    if (rss === undefined) return;
    samples++;
    if (!(rss <= peak)) peak = rss;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const last = processRssMiB(pid);
      if (last !== undefined && !(last <= peak)) peak = last;
      return { peakMiB: peak, samples };
    },
  };
}
