// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { useVirtualizer, type Virtualizer } from "@tanstack/react-virtual";
import { useRef } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { virtualScrollerOptions } from "./virtual-scroller";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

let heightReads = 0;
const scrolls: unknown[] = [];
beforeEach(() => {
  heightReads = 0;
  scrolls.length = 0;
  vi.spyOn(HTMLElement.prototype, "clientHeight", "get").mockImplementation(() => {
    heightReads += 1;
    return 400;
  });
  vi.spyOn(HTMLElement.prototype, "clientWidth", "get").mockReturnValue(600);
  vi.spyOn(HTMLElement.prototype, "scrollHeight", "get").mockReturnValue(1000 * 40);
  // jsdom has no scrolling: record the writes.
  HTMLElement.prototype.scrollTo = function (options?: ScrollToOptions | number) {
    scrolls.push(options);
  } as typeof HTMLElement.prototype.scrollTo;
});

/** A ResizeObserver the test fires by hand, as the browser does after its layout. */
function stubResizeObserver() {
  const callbacks: (() => void)[] = [];
  vi.stubGlobal(
    "ResizeObserver",
    class {
      constructor(callback: () => void) {
        callbacks.push(callback);
      }
      observe() {}
      disconnect() {}
    },
  );
  return { fire: () => callbacks.forEach((callback) => callback()) };
}

let latest: Virtualizer<HTMLDivElement, Element> | undefined;
function List() {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: 1000,
    getScrollElement: () => scroller.current,
    estimateSize: () => 40,
    overscan: 0,
    ...virtualScrollerOptions(),
  });
  latest = virtualizer;
  return (
    <div ref={scroller}>
      <output aria-label="rows">{virtualizer.getVirtualItems().length}</output>
    </div>
  );
}
const rows = () => Number(screen.getByLabelText("rows").textContent);

describe("virtualScrollerOptions", () => {
  it("neither reads the scroller's size nor writes its offset at mount; takes the window's size until observed", () => {
    const observer = stubResizeObserver();
    vi.stubGlobal("innerHeight", 800);
    render(<List />);
    expect(heightReads).toBe(0);
    expect(scrolls).toEqual([]);
    expect(rows()).toBe(800 / 40);
    act(() => observer.fire());
    expect(heightReads).toBeGreaterThan(0);
    expect(rows()).toBe(400 / 40);
  });

  it("passes every later scroll write through, a write to the top included", () => {
    stubResizeObserver();
    render(<List />);
    act(() => latest!.scrollToIndex(500, { align: "start" }));
    act(() => latest!.scrollToOffset(0));
    expect(scrolls).toEqual([
      { top: 500 * 40, behavior: "auto" },
      { top: 0, behavior: "auto" },
    ]);
  });

  it("reads the size at mount, as the library does, where there is no ResizeObserver", () => {
    vi.stubGlobal("ResizeObserver", undefined);
    render(<List />);
    expect(heightReads).toBeGreaterThan(0);
    expect(rows()).toBe(400 / 40);
  });
});
