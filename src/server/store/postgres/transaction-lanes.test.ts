import { describe, expect, it } from "vitest";
import { TransactionLanes } from "./transaction-lanes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `count` transactions of one kind and notes how many ran at once at most. */
function trace(lanes: TransactionLanes) {
  let running = 0;
  let most = 0;
  const log: string[] = [];
  const run = (name: string, independent: boolean, ms = 10) =>
    lanes.run(async () => {
      running++;
      most = Math.max(most, running);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
      return name;
    }, independent);
  return { run, log, most: () => most };
}

describe("TransactionLanes", () => {
  it("runs independent transactions side by side, up to its width", async () => {
    const lanes = new TransactionLanes(3);
    const { run, most } = trace(lanes);
    expect(await Promise.all(Array.from({ length: 7 }, (_, i) => run(`i${i}`, true)))).toHaveLength(7);
    expect(most()).toBe(3);
  });

  it("runs any other transaction alone, in arrival order with the independent ones", async () => {
    const lanes = new TransactionLanes(4);
    const { run, log, most } = trace(lanes);
    await Promise.all([run("a", true), run("b", true), run("x", false), run("c", true), run("d", true)]);
    expect(log.indexOf("start x")).toBeGreaterThan(Math.max(log.indexOf("end a"), log.indexOf("end b")));
    expect(log.indexOf("end x")).toBeLessThan(Math.min(log.indexOf("start c"), log.indexOf("start d")));
    expect(most()).toBe(2);
  });

  it("hands back the work's failure and goes on", async () => {
    const lanes = new TransactionLanes(2);
    await expect(lanes.run(() => Promise.reject(new Error("refused")), true)).rejects.toThrow("refused");
    expect(await lanes.run(async () => 1, false)).toBe(1);
  });

  it("closes once the transactions accepted before have ended, and refuses new ones", async () => {
    const lanes = new TransactionLanes(2);
    const { run, log } = trace(lanes);
    const accepted = [run("a", true, 30), run("x", false, 5)];
    await lanes.close();
    expect(log).toEqual(["start a", "end a", "start x", "end x"]);
    await Promise.all(accepted);
    await expect(lanes.run(async () => 1, true)).rejects.toThrow("closed");
  });
});
