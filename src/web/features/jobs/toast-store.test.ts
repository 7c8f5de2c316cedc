import { beforeEach, describe, expect, it } from "vitest";
import { useToastStore, type JobToastItem } from "./toast-store";

const toast = (jobId: string, overrides: Partial<JobToastItem> = {}): JobToastItem => ({
  id: `${jobId}:1`,
  jobId,
  spaceId: "us_sp_1",
  title: "Export Data was canceled",
  description: undefined,
  tone: "neutral",
  ...overrides,
});

beforeEach(() => useToastStore.setState({ toasts: [] }));

describe("the toast store", () => {
  it("groups toasts that say the same thing into one that counts them, the newest job's", () => {
    const { show } = useToastStore.getState();
    show(toast("a"));
    show(toast("b"));
    show(toast("c"));
    const { toasts } = useToastStore.getState();
    expect(toasts).toHaveLength(1);
    expect(toasts[0]).toMatchObject({ jobId: "c", id: "c:1", count: 3 });
  });

  it("keeps toasts apart when their words, tone or next step differ", () => {
    const { show } = useToastStore.getState();
    show(toast("a"));
    show(toast("b", { tone: "error" }));
    show(toast("c", { description: "Stopped at 40%" }));
    const withNext = { outcome: { next: { type: "retry" } } } as unknown as JobToastItem["job"];
    show(toast("d", { job: withNext }));
    show(toast("e", { job: withNext }));
    expect(useToastStore.getState().toasts.map((item) => item.jobId)).toEqual(
      ["a", "b", "c", "d", "e"].slice(-4),
    );
  });

  it("replaces a toast shown again under the same id instead of counting it twice", () => {
    const { show } = useToastStore.getState();
    show(toast("a"));
    show(toast("a", { title: "Export Data finished" }));
    expect(useToastStore.getState().toasts).toEqual([toast("a", { title: "Export Data finished" })]);
  });
});
