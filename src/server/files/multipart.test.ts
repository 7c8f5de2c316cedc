import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concat, readAll } from "../testing/streams";
import { MultipartError, multipartBoundary, parseMultipart, type MultipartLimits } from "./multipart";

const encoder = new TextEncoder();
const BOUNDARY = "----test-boundary-7MA4YWxkTrZu0gW";

/** A stream that hands out `bytes` in the given chunk sizes (cycled), and counts how many chunks were pulled. */
function chunkedStream(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]) {
  let offset = 0;
  let index = 0;
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        const size = Math.max(1, sizes[index++ % sizes.length] as number);
        controller.enqueue(bytes.slice(offset, offset + size));
        offset += size;
        stats.pulled++;
      },
      cancel() {
        stats.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, stats };
}

type Parsed = { name: string; filename?: string; contentType?: string; bytes: Uint8Array };

async function parseAll(
  source: ReadableStream<Uint8Array>,
  boundary = BOUNDARY,
  limits?: Partial<MultipartLimits>,
): Promise<Parsed[]> {
  const parts: Parsed[] = [];
  for await (const part of parseMultipart(source, boundary, limits)) {
    parts.push({
      name: part.name,
      ...(part.filename !== undefined ? { filename: part.filename } : {}),
      ...(part.headers["content-type"] ? { contentType: part.headers["content-type"] } : {}),
      bytes: await readAll(part.body),
    });
  }
  return parts;
}

/** A body written by hand: each part is its raw header lines and its content. */
function rawBody(
  parts: { headers: string[]; content: string | Uint8Array }[],
  boundary = BOUNDARY,
): Uint8Array {
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    pieces.push(encoder.encode(`--${boundary}\r\n${part.headers.map((h) => h + "\r\n").join("")}\r\n`));
    pieces.push(typeof part.content === "string" ? encoder.encode(part.content) : part.content);
    pieces.push(encoder.encode("\r\n"));
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  return concat(pieces);
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("multipartBoundary", () => {
  it("reads the boundary of multipart/form-data, quoted or not", () => {
    expect(multipartBoundary("multipart/form-data; boundary=abc")).toBe("abc");
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b;c"')).toBe("a b;c");
  });

  it("refuses other types and missing or broken boundaries", () => {
    expect(multipartBoundary(undefined)).toBeUndefined();
    expect(multipartBoundary("application/json")).toBeUndefined();
    expect(multipartBoundary("multipart/mixed; boundary=abc")).toBeUndefined();
    expect(multipartBoundary("multipart/form-data")).toBeUndefined();
    expect(multipartBoundary("multipart/form-data; boundary=")).toBeUndefined();
    expect(multipartBoundary('multipart/form-data; boundary="abc')).toBeUndefined();
  });
});

describe("parseMultipart", () => {
  it("reads what fetch's FormData writes, including a non-ASCII file name", async () => {
    const form = new FormData();
    form.append("spaceId", "us_sp_1");
    form.append("note", "héllo\r\nworld");
    form.append("file", new Blob(["a,b\n1,2\n"], { type: "text/csv" }), "日本 résumé 2024 😀.csv");
    const request = new Request("http://localhost/", { method: "POST", body: form });
    const boundary = multipartBoundary(request.headers.get("content-type"));
    expect(boundary).toBeTruthy();
    const parts = await parseAll(request.body!, boundary);
    expect(parts.map((p) => [p.name, p.filename, text(p.bytes)])).toEqual([
      ["spaceId", undefined, "us_sp_1"],
      ["note", undefined, "héllo\r\nworld"],
      ["file", "日本 résumé 2024 😀.csv", "a,b\n1,2\n"],
    ]);
    expect(parts[2]?.contentType).toBe("text/csv");
  });

  it("decodes the HTML form escapes and prefers filename*", async () => {
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="a%22b"'], content: "1" },
      { headers: ['Content-Disposition: form-data; name="f1"; filename="say %22hi%22.csv"'], content: "2" },
      {
        headers: [
          `Content-Disposition: form-data; name="f2"; filename="fallback.csv"; filename*=UTF-8''r%C3%A9sum%C3%A9.csv`,
        ],
        content: "3",
      },
      { headers: ['Content-Disposition: form-data; name="f3"; filename="a\\b.csv"'], content: "4" },
      { headers: ["content-disposition: FORM-DATA; name=plain; filename=x.txt"], content: "5" },
    ]);
    const parts = await parseAll(chunkedStream(body).stream);
    expect(parts.map((p) => [p.name, p.filename])).toEqual([
      ['a"b', undefined],
      ["f1", 'say "hi".csv'],
      ["f2", "résumé.csv"],
      ["f3", "a\\b.csv"],
      ["plain", "x.txt"],
    ]);
  });

  it("keeps content that looks like the boundary but is not", async () => {
    const tricky = `--${BOUNDARY}x\r\n--${BOUNDARY.slice(0, -1)}\r\n\r\n-\r\n--\r`;
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="f"; filename="t.txt"'], content: tricky },
    ]);
    for (const size of [1, 2, 3, 7, 64, body.length]) {
      const [part] = await parseAll(chunkedStream(body, [size]).stream);
      expect(text(part!.bytes), `chunks of ${size}`).toBe(tricky);
    }
  });

  it("reads empty parts, parts without headers other than the disposition, a preamble and an epilogue", async () => {
    const inner = rawBody([
      { headers: ['Content-Disposition: form-data; name="empty"; filename="e.csv"'], content: "" },
      { headers: ['Content-Disposition: form-data; name="v"'], content: "x" },
    ]);
    const body = concat([encoder.encode("preamble to ignore\r\n"), inner, encoder.encode("epilogue\r\n")]);
    const parts = await parseAll(chunkedStream(body, [5]).stream);
    expect(parts.map((p) => [p.name, text(p.bytes)])).toEqual([
      ["empty", ""],
      ["v", "x"],
    ]);
  });

  it("tolerates transport padding after a boundary", async () => {
    const body = encoder.encode(
      `--${BOUNDARY}  \t\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${BOUNDARY}--`,
    );
    const parts = await parseAll(chunkedStream(body).stream);
    expect(parts.map((p) => [p.name, text(p.bytes)])).toEqual([["a", "1"]]);
  });

  it("skips the rest of a part whose body the consumer does not read", async () => {
    const big = new Uint8Array(200_000).fill(65);
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="skipped"; filename="big.bin"'], content: big },
      { headers: ['Content-Disposition: form-data; name="after"'], content: "still here" },
    ]);
    const seen: string[] = [];
    for await (const part of parseMultipart(chunkedStream(body, [4096]).stream, BOUNDARY)) {
      if (part.name === "skipped") {
        // Read one piece, then cancel: the parser reads through the rest.
        const reader = part.body.getReader();
        await reader.read();
        await reader.cancel();
        seen.push("skipped");
      } else {
        seen.push(`${part.name}=${await part.text(100)}`);
      }
    }
    expect(seen).toEqual(["skipped", "after=still here"]);
  });

  it("reads the source only as fast as the part's body is consumed (no buffering of the file)", async () => {
    const big = new Uint8Array(4 * 1024 * 1024).fill(7);
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="file"; filename="big.bin"'], content: big },
    ]);
    const { stream, stats } = chunkedStream(body, [64 * 1024]);
    const iterator = parseMultipart(stream, BOUNDARY);
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const reader = first.value!.body.getReader();
    await reader.read();
    await new Promise((done) => setTimeout(done, 20));
    // 64 chunks make the body; only the first one or two have been pulled.
    expect(stats.pulled).toBeLessThanOrEqual(3);
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      // Pieces are views on the source's chunks, never a gathered copy of the file.
      expect(value.length).toBeLessThanOrEqual(64 * 1024);
    }
    expect(size + 64 * 1024).toBeGreaterThanOrEqual(big.length);
    reader.releaseLock();
    expect((await iterator.next()).done).toBe(true);
  });

  it("does not cancel the source when a part's body is cancelled or the consumer stops", async () => {
    const body = rawBody([
      {
        headers: ['Content-Disposition: form-data; name="a"; filename="a.txt"'],
        content: "x".repeat(10_000),
      },
    ]);
    const { stream, stats } = chunkedStream(body, [100]);
    for await (const part of parseMultipart(stream, BOUNDARY)) {
      await part.body.cancel();
      break;
    }
    expect(stats.cancelled).toBe(false);
    expect(stream.locked).toBe(false);
  });

  it("agrees with FormData for any fields, file bytes and chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            // Any text but the HTML form escapes themselves (a literal "%22" in a name is ambiguous by design).
            fc
              .string({ unit: "grapheme", minLength: 1, maxLength: 12 })
              .filter((n) => !/%(22|0d|0a)/i.test(n)),
            fc.string({ unit: "grapheme", maxLength: 40 }),
          ),
          { maxLength: 4 },
        ),
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 8 }),
        async (fields, fileBytes, sizes) => {
          const form = new FormData();
          for (const [name, value] of fields) form.append(name, value);
          form.append("file", new Blob([fileBytes]), "data.bin");
          const request = new Request("http://localhost/", { method: "POST", body: form });
          const boundary = multipartBoundary(request.headers.get("content-type"))!;
          const bytes = new Uint8Array(await request.arrayBuffer());
          const parts = await parseAll(chunkedStream(bytes, sizes).stream, boundary);
          // FormData normalises line breaks in names and values to CRLF.
          const crlf = (s: string) => s.replace(/\r\n|\r|\n/g, "\r\n");
          expect(parts.map((p) => p.name)).toEqual([...fields.map(([n]) => crlf(n)), "file"]);
          expect(parts.slice(0, -1).map((p) => text(p.bytes))).toEqual(fields.map(([, v]) => crlf(v)));
          expect(parts.at(-1)!.bytes).toEqual(fileBytes);
        },
      ),
      { numRuns: 150 },
    );
  });

  it("also finds delimiters split at every position of a chunk", async () => {
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="a"'], content: "\r\n-\r\n--" },
      { headers: ['Content-Disposition: form-data; name="b"; filename="b.bin"'], content: "\r" },
    ]);
    for (let size = 1; size <= body.length; size++) {
      const parts = await parseAll(chunkedStream(body, [size]).stream);
      expect(
        parts.map((p) => [p.name, text(p.bytes)]),
        `chunks of ${size}`,
      ).toEqual([
        ["a", "\r\n-\r\n--"],
        ["b", "\r"],
      ]);
    }
  });
});

describe("parseMultipart refuses", () => {
  const expectError = async (promise: Promise<unknown>, kind: "malformed" | "limit", message: RegExp) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MultipartError);
    expect((error as MultipartError).kind).toBe(kind);
    expect((error as MultipartError).message).toMatch(message);
  };

  it("a body that ends before the closing boundary", async () => {
    const full = rawBody([
      { headers: ['Content-Disposition: form-data; name="f"; filename="f.txt"'], content: "abc" },
    ]);
    const cut = full.slice(0, full.length - BOUNDARY.length - 6);
    await expectError(parseAll(chunkedStream(cut).stream), "malformed", /ended inside a part/);
    await expectError(
      parseAll(chunkedStream(encoder.encode("no boundary at all")).stream),
      "malformed",
      /ended/,
    );
    await expectError(parseAll(chunkedStream(new Uint8Array(0)).stream), "malformed", /ended/);
  });

  it("a part without a name, without a disposition, or with a broken header", async () => {
    const noName = rawBody([{ headers: ["Content-Disposition: form-data"], content: "x" }]);
    await expectError(parseAll(chunkedStream(noName).stream), "malformed", /no name/);
    const noDisposition = rawBody([{ headers: ["Content-Type: text/plain"], content: "x" }]);
    await expectError(parseAll(chunkedStream(noDisposition).stream), "malformed", /no Content-Disposition/);
    const broken = rawBody([
      { headers: ["Content-Disposition: form-data; name=a", "no colon here"], content: "x" },
    ]);
    await expectError(parseAll(chunkedStream(broken).stream), "malformed", /malformed header/);
    const unterminated = rawBody([{ headers: ['Content-Disposition: form-data; name="a'], content: "x" }]);
    await expectError(parseAll(chunkedStream(unterminated).stream), "malformed", /Unterminated/);
    const attachment = rawBody([{ headers: ['Content-Disposition: attachment; name="a"'], content: "x" }]);
    await expectError(parseAll(chunkedStream(attachment).stream), "malformed", /not form-data/);
  });

  it("a boundary followed by anything but a line break or --", async () => {
    const body = encoder.encode(`--${BOUNDARY}garbage\r\n\r\nx\r\n--${BOUNDARY}--`);
    await expectError(parseAll(chunkedStream(body).stream), "malformed", /line break/);
  });

  it("headers, part counts and bodies over the limits", async () => {
    const longHeader = rawBody([
      { headers: ['Content-Disposition: form-data; name="a"', `X-Long: ${"y".repeat(2000)}`], content: "x" },
    ]);
    await expectError(
      parseAll(chunkedStream(longHeader, [100]).stream, BOUNDARY, { maxHeaderBytes: 1024 }),
      "limit",
      /headers are longer/,
    );
    const many = rawBody(
      Array.from({ length: 5 }, (_, i) => ({
        headers: [`Content-Disposition: form-data; name="p${i}"`],
        content: "x",
      })),
    );
    await expectError(
      parseAll(chunkedStream(many).stream, BOUNDARY, { maxParts: 4 }),
      "limit",
      /more than 4 parts/,
    );
    const big = rawBody([
      { headers: ['Content-Disposition: form-data; name="f"; filename="f"'], content: new Uint8Array(5000) },
    ]);
    const error = await parseAll(chunkedStream(big, [512]).stream, BOUNDARY, { maxTotalBytes: 4096 }).catch(
      (e: unknown) => e as MultipartError,
    );
    expect(error).toMatchObject({ kind: "limit", limit: "total" });
  });

  it("a field longer than text() allows", async () => {
    const body = rawBody([
      { headers: ['Content-Disposition: form-data; name="a"'], content: "z".repeat(300) },
    ]);
    const read = (async () => {
      for await (const part of parseMultipart(chunkedStream(body, [64]).stream, BOUNDARY))
        await part.text(100);
    })();
    await expectError(read, "limit", /longer than 100 bytes/);
  });

  it("a source that fails, with the source's error as the cause", async () => {
    const failing = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(
          encoder.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="f"\r\n\r\nabc`),
        );
        controller.error(new Error("connection reset"));
      },
    });
    const error = await parseAll(failing).catch((e: unknown) => e as MultipartError);
    expect(error).toBeInstanceOf(MultipartError);
    expect(error).toMatchObject({ kind: "aborted", cause: { message: "connection reset" } });
  });
});
