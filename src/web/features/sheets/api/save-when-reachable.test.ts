import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import { ApiError, ConnectionError } from "../../../../sdk";
import { retryDelayMs, saveWhenReachable } from "./save-when-reachable";

const unreachable = () =>
  new ConnectionError("Could not reach PUT http://x/v1/sheets/s/records: Failed to fetch");

describe("saveWhenReachable", () => {
  it("keeps a save that found no server and sends it again once the connection is back", async () => {
    const send = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(unreachable())
      .mockRejectedValueOnce(unreachable())
      .mockResolvedValue("saved");
    const waits: number[] = [];
    const result = await saveWhenReachable(send, async (ms) => void waits.push(ms));
    expect(result).toBe("saved");
    expect(send).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([retryDelayMs(0), retryDelayMs(1)]);
  });

  it("gives up at once on a refusal: sending it again would be refused again", async () => {
    const refusal = ApiError.from(400, { errors: [{ message: "email: not an email" }] });
    const send = vi.fn<() => Promise<string>>().mockRejectedValue(refusal);
    const wait = vi.fn(async () => undefined);
    await expect(saveWhenReachable(send, wait)).rejects.toBe(refusal);
    expect(send).toHaveBeenCalledTimes(1);
    expect(wait).not.toHaveBeenCalled();
  });

  it("waits longer after each failure, up to 15 s", () => {
    expect([0, 1, 2, 3, 4, 5, 10].map(retryDelayMs)).toEqual([
      1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
  });
});

describe("a sheet's edit queue (one mutation scope)", () => {
  it("saves the edits made offline in the order they were made, once the connection is back", async () => {
    const client = new QueryClient();
    let online = false;
    let reconnect!: () => void;
    const back = new Promise<void>((resolve) => (reconnect = resolve));
    const server: string[] = [];
    const tried: string[] = [];
    const edit = (value: string) =>
      client
        .getMutationCache()
        .build(client, {
          scope: { id: "records/sheet/edit" },
          mutationFn: (saved: string) =>
            saveWhenReachable(
              async () => {
                tried.push(saved);
                if (!online) throw unreachable();
                server.push(saved);
                return saved;
              },
              () => back,
            ),
        })
        .execute(value);
    const first = edit("Ada");
    const second = edit("Ada Lovelace");
    await vi.waitFor(() => expect(tried).toEqual(["Ada"]));
    // The later edit waits its turn behind the one that could not be sent: it never overtakes it.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tried).toEqual(["Ada"]);
    expect(server).toEqual([]);
    online = true;
    reconnect();
    await expect(Promise.all([first, second])).resolves.toEqual(["Ada", "Ada Lovelace"]);
    expect(server).toEqual(["Ada", "Ada Lovelace"]);
  });
});
