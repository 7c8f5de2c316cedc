import { createRequire } from "node:module";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useServerProcess } from "../testing/server-process";
import { createClient } from "./create-client";
import { AuthError, PayloadTooLargeError, ValidationError } from "./errors";

/** The part of jsdom these tests use (the project has no types for jsdom). */
type PageWindow = Pick<typeof globalThis, "XMLHttpRequest" | "FormData" | "Blob" | "File">;
const { JSDOM } = createRequire(import.meta.url)("jsdom") as {
  JSDOM: new (html: string, options: { url: string }) => { window: PageWindow };
};

const LIMIT = 1024 * 1024;
const ctx = useServerProcess({ env: { MAX_FILE_BYTES: String(LIMIT) } });

let page: { window: PageWindow };
beforeAll(() => {
  // A page on the server's origin, as the dashboard is: its XMLHttpRequest sends real, same-origin requests.
  page = new JSDOM("", { url: `${ctx.server.baseUrl}/` });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Makes this test run as in the page: its XMLHttpRequest, and the FormData, Blob and File it can send. */
function inThePage() {
  vi.stubGlobal("XMLHttpRequest", page.window.XMLHttpRequest);
  vi.stubGlobal("FormData", page.window.FormData);
  vi.stubGlobal("Blob", page.window.Blob);
  vi.stubGlobal("File", page.window.File);
}

/** A client on the server whose `fetch` is watched (the global one underneath). */
function watchedClient(token = ctx.server.secretKey) {
  const fetchSpy = vi.fn((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  return { api: createClient({ baseUrl: ctx.server.baseUrl, token, fetch: fetchSpy }), fetchSpy };
}

const bytes = (size: number) => new Uint8Array(size).map((_, i) => i % 251);

describe("files.upload with onUploadProgress (XMLHttpRequest)", () => {
  it("keeps sending with fetch when no progress is asked for, even where XMLHttpRequest exists", async () => {
    vi.stubGlobal("XMLHttpRequest", page.window.XMLHttpRequest);
    const space = await ctx.api.spaces.create({ name: "Fetch upload" });
    const { api, fetchSpy } = watchedClient();
    const file = await api.files.upload({
      spaceId: space.id,
      file: new Blob(["a,b\n1,2\n"], { type: "text/csv" }),
      name: "plain.csv",
    });
    expect(file).toMatchObject({ name: "plain.csv", size: 8, status: "partial" }); // an import: partial until extracted
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(String(fetchSpy.mock.calls[0]?.[0])).toBe(`${ctx.server.baseUrl}/v1/files`);
  });

  it("sends with fetch, and reports nothing, where there is no XMLHttpRequest (Node)", async () => {
    const space = await ctx.api.spaces.create({ name: "Node upload" });
    const { api, fetchSpy } = watchedClient();
    const onUploadProgress = vi.fn();
    const file = await api.files.upload(
      { spaceId: space.id, file: new Blob(["x"]), name: "node.txt" },
      { onUploadProgress },
    );
    expect(file.name).toBe("node.txt");
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(onUploadProgress).not.toHaveBeenCalled();
  });

  it("sends with XMLHttpRequest, reports progress up to the whole body and parses the file", async () => {
    inThePage();
    const space = await ctx.api.spaces.create({ name: "XHR upload" });
    const { api, fetchSpy } = watchedClient();
    const progress: [number, number][] = [];
    const content = bytes(300_000);
    const file = await api.files.upload(
      { spaceId: space.id, mode: "export", file: new Blob([content]), name: "big.bin" },
      { onUploadProgress: (loaded, total) => progress.push([loaded, total]) },
    );
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(file).toMatchObject({ name: "big.bin", size: content.length, mode: "export", status: "complete" });
    const [loaded, total] = progress.at(-1) ?? [0, 0];
    expect(total).toBeGreaterThan(content.length); // the multipart body: fields, headers and the bytes
    expect(loaded).toBe(total);

    const listed = await ctx.api.files.list({ spaceId: space.id, mode: "export" });
    expect(listed.data.map((f) => f.id)).toEqual([file.id]);
    const saved = new Uint8Array(await (await ctx.api.files.download(file.id)).arrayBuffer());
    expect(saved).toEqual(content);
  });

  it("sends the token: a user uploads into its own space", async () => {
    inThePage();
    const space = await ctx.api.spaces.create({ name: "User upload" });
    const { token } = await ctx.api.auth.createToken({ role: "user", spaceId: space.id, expiresIn: 600 });
    const { api } = watchedClient(token);
    const file = await api.files.upload(
      { spaceId: space.id, file: new Blob(["x"]), name: "mine.txt" },
      { onUploadProgress: () => {} },
    );
    expect(file.spaceId).toBe(space.id);
  });

  it("maps refusals to the typed errors, as fetch does", async () => {
    inThePage();
    const space = await ctx.api.spaces.create({ name: "Refusals" });
    const onUploadProgress = () => {};

    const tooLarge = await ctx.api.files
      .upload(
        { spaceId: space.id, file: new Blob([bytes(LIMIT + 10)]), name: "huge.bin" },
        { onUploadProgress },
      )
      .catch((error: unknown) => error);
    expect(tooLarge).toBeInstanceOf(PayloadTooLargeError);
    expect((tooLarge as PayloadTooLargeError).status).toBe(413);
    expect((tooLarge as PayloadTooLargeError).firstMessage).toMatch(/limit of 1 MiB/);

    const form = new FormData();
    form.set("file", new File(["x"], "x.txt"));
    await expect(ctx.api.files.upload(form, { onUploadProgress })).rejects.toBeInstanceOf(ValidationError);

    const anonymous = createClient({ baseUrl: ctx.server.baseUrl, token: "not-a-token" });
    const refused = await anonymous.files
      .upload({ spaceId: space.id, file: new Blob(["x"]), name: "x.txt" }, { onUploadProgress })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).status).toBe(401);

    expect((await ctx.api.files.list({ spaceId: space.id })).data).toEqual([]);
  });

  it("honours the signal: an aborted upload rejects with the signal's reason", async () => {
    inThePage();
    const space = await ctx.api.spaces.create({ name: "Aborted" });
    const before = new AbortController();
    const reason = new Error("cancelled by the test");
    before.abort(reason);
    await expect(
      ctx.api.files.upload(
        { spaceId: space.id, file: new Blob(["x"]), name: "x.txt" },
        { signal: before.signal, onUploadProgress: () => {} },
      ),
    ).rejects.toBe(reason);

    const during = new AbortController();
    const upload = ctx.api.files.upload(
      { spaceId: space.id, file: new Blob([bytes(500_000)]), name: "y.bin" },
      { signal: during.signal, onUploadProgress: () => {} },
    );
    during.abort(reason);
    await expect(upload).rejects.toBe(reason);
  });
});
