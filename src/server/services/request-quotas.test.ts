/* eslint-disable @typescript-eslint/no-explicit-any -- tests read response bodies loosely on purpose */
import { describe, expect, it } from "vitest";
import type { Principal } from "../../core";
import { createApp } from "../app";
import { MemoryStore } from "../store/memory-store";
import type { Store } from "../store/store";
import { chargedOnce, RequestQuotas } from "./request-quotas";
import { SpaceQuotas } from "./space-quotas";

const USER: Principal = { kind: "user", subject: "u", spaceId: "us_sp_1" } as Principal;
const SECRET = "sk_test_request_quotas";

describe("RequestQuotas", () => {
  it("charges a request one job a space however often its transaction creates it", () => {
    const quotas = new SpaceQuotas({ jobsPerMinute: 2 }, () => 0);
    const request = new RequestQuotas(quotas);
    expect(request.chargeJob("us_sp_1", USER)).toBe(true);
    expect(request.chargeJob("us_sp_1", USER)).toBe(false);
    // One token is left for the next request, and only one.
    expect(quotas.chargeJob("us_sp_1", USER)).toBe(true);
    expect(() => quotas.chargeJob("us_sp_1", USER)).toThrow(/quota of 2 jobs a minute/);
  });

  it("a failed request gets its tokens back; one that succeeded keeps them charged", async () => {
    const quotas = new SpaceQuotas({ jobsPerMinute: 1 }, () => 0);
    const deps = {
      store: new MemoryStore(),
      now: () => new Date(0),
      environmentId: "e",
      accountId: "a",
      quotas,
    };
    const failed = chargedOnce(deps, async ({ quotas: own }) => {
      own?.chargeJob("us_sp_1", USER);
      throw new Error("refused after the charge");
    });
    await expect(failed).rejects.toThrow("refused after the charge");
    await chargedOnce(deps, async ({ quotas: own }) => own?.chargeJob("us_sp_1", USER));
    expect(() => quotas.chargeJob("us_sp_1", USER)).toThrow(/quota of 1 jobs a minute/);
  });
});

/** A store that runs every transaction's work twice, the first run rolled back, as a retried transaction is. */
function runningTwice(inner: Store): Store {
  const retry = new Error("run again");
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === "transaction")
        return async (
          work: Parameters<Store["transaction"]>[0],
          options: Parameters<Store["transaction"]>[1],
        ) => {
          await target
            .transaction(async (tx) => {
              await work(tx);
              throw retry;
            }, options)
            .catch((error: unknown) => {
              if (error !== retry) throw error;
            });
          return target.transaction(work, options);
        };
      const value = Reflect.get(target, key, receiver) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("POST /jobs under the job quota, its transaction run twice", () => {
  it("charges one job a request: a quota of 2 lets two requests through, not one", async () => {
    const store = new MemoryStore();
    const app = createApp({ store: runningTwice(store), secretKey: SECRET, quotas: { jobsPerMinute: 2 } });
    const call = async (method: string, path: string, body: unknown, token = SECRET) => {
      const response = await app.request(`/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const space = (await call("POST", "/spaces", { name: "Quota" })).body.data;
    const workbook = (
      await call("POST", "/workbooks", {
        name: "Book",
        spaceId: space.id,
        sheets: [{ name: "People", fields: [{ key: "name", type: "string" }] }],
        actions: [{ operation: "submit", label: "Submit", mode: "background" }],
      })
    ).body.data;
    const token = (await call("POST", "/auth/tokens", { role: "user", spaceId: space.id })).body.data.token;
    const submit = { type: "workbook", operation: "submit", source: workbook.id };
    const jobs = async () =>
      (await store.listJobs({ spaceId: space.id, sortDirection: "asc", limit: 10, offset: 0 })).total;
    const before = await jobs();
    expect((await call("POST", "/jobs", submit, token)).status).toBe(200);
    expect((await call("POST", "/jobs", submit, token)).status).toBe(200);
    expect((await call("POST", "/jobs", submit, token)).status).toBe(429);
    // Each request's second run created its one job; the first runs' were rolled back.
    expect(await jobs()).toBe(before + 2);
  });
});
