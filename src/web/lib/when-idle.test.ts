// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { savesData, whenIdle } from "./when-idle";

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const withConnection = (connection: object | undefined) => ({ connection }) as unknown as Navigator;

describe("savesData", () => {
  it("is true with Save-Data or on a 2G connection, false otherwise and without the Network Information API", () => {
    expect(savesData(withConnection({ saveData: true, effectiveType: "4g" }))).toBe(true);
    expect(savesData(withConnection({ saveData: false, effectiveType: "slow-2g" }))).toBe(true);
    expect(savesData(withConnection({ saveData: false, effectiveType: "2g" }))).toBe(true);
    expect(savesData(withConnection({ saveData: false, effectiveType: "3g" }))).toBe(false);
    expect(savesData(withConnection(undefined))).toBe(false);
  });
});

describe("whenIdle", () => {
  it("asks requestIdleCallback with the timeout, and cancels through cancelIdleCallback", () => {
    const request = vi.fn((_task: () => void, _options: { timeout: number }) => 7);
    const cancelIdle = vi.fn();
    vi.stubGlobal("requestIdleCallback", request);
    vi.stubGlobal("cancelIdleCallback", cancelIdle);
    const task = vi.fn();
    const cancel = whenIdle(task, 1500);
    expect(request).toHaveBeenCalledWith(expect.any(Function), { timeout: 1500 });
    request.mock.calls[0]?.[0]();
    expect(task).toHaveBeenCalledTimes(1);
    cancel();
    expect(cancelIdle).toHaveBeenCalledWith(7);
  });

  it("waits a pause instead where requestIdleCallback is missing, and can be cancelled", () => {
    vi.useFakeTimers();
    vi.stubGlobal("requestIdleCallback", undefined);
    const task = vi.fn();
    whenIdle(task);
    vi.advanceTimersByTime(999);
    expect(task).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(task).toHaveBeenCalledTimes(1);
    const cancelled = vi.fn();
    whenIdle(cancelled)();
    vi.advanceTimersByTime(2000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
