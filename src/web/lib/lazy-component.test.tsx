// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { Suspense } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { lazyComponent, preloadOnIntent } from "./lazy-component";

afterEach(cleanup);

const Hello = ({ name }: { name: string }) => <p>Hello {name}</p>;

describe("lazyComponent", () => {
  it("fetches again after a failed fetch instead of keeping the failure", async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch dynamically imported module: /assets/hello.js"))
      .mockResolvedValue(Hello);
    const LazyHello = lazyComponent(load);
    await expect(LazyHello.preload()).rejects.toThrow("dynamically imported module");
    await expect(LazyHello.preload()).resolves.toBeUndefined();
    expect(load).toHaveBeenCalledTimes(2);
    render(
      <Suspense fallback={<p>Loading</p>}>
        <LazyHello name="Ada" />
      </Suspense>,
    );
    expect(screen.getByText("Hello Ada")).toBeTruthy();
  });
});

describe("preloadOnIntent", () => {
  it("fetches the chunk when the pointer comes over the control or focus reaches it, and swallows a failure", async () => {
    const preload = vi.fn().mockRejectedValueOnce(new Error("offline")).mockResolvedValue(undefined);
    const props = preloadOnIntent({ preload });
    props.onPointerEnter();
    props.onFocus();
    expect(preload).toHaveBeenCalledTimes(2);
    // The rejected first fetch must not surface as an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
});
