import { describe, expect, it } from "vitest";
import { extractAll, utf16, windows1252 } from "./extract-test-support";
import { createTextDecoding, sniffEncoding } from "./text-encoding";

const CONTENT = "Name,City,Note\nMüller,Köln,café\nJosé,São Paulo,“quoted” – dash €\n";
const ROWS = [
  ["Müller", "Köln", "café"],
  ["José", "São Paulo", "“quoted” – dash €"],
];

describe("text encodings", () => {
  it.each([
    ["UTF-8", new TextEncoder().encode(CONTENT), "utf-8"],
    ["UTF-8 with a BOM", new TextEncoder().encode(`\ufeff${CONTENT}`), "utf-8"],
    ["UTF-16LE with a BOM", utf16(CONTENT, "le", true), "utf-16le"],
    ["UTF-16BE with a BOM", utf16(CONTENT, "be", true), "utf-16be"],
    ["UTF-16LE without a BOM", utf16(CONTENT, "le", false), "utf-16le"],
    ["UTF-16BE without a BOM", utf16(CONTENT, "be", false), "utf-16be"],
    [
      "Windows-1252",
      windows1252(
        CONTENT.replace("“", "\x93").replace("”", "\x94").replace("–", "\x96").replace("€", "\x80"),
      ),
      "windows-1252",
    ],
  ])("reads %s, also in 1-byte chunks", async (_name, bytes, encoding) => {
    for (const chunkSize of [1, 3, 1 << 16]) {
      const [table] = await extractAll(bytes, { fileName: "people.csv", chunkSize });
      expect(table!.encoding).toBe(encoding);
      expect(table!.labels).toEqual(["Name", "City", "Note"]);
      expect(table!.rows).toEqual(ROWS);
    }
  });

  it("switches to Windows-1252 when a file that began as plain ASCII turns out not to be UTF-8", async () => {
    const ascii =
      "id,name\n" + Array.from({ length: 8000 }, (_, index) => `${index},plain name ${index}`).join("\n");
    const bytes = Uint8Array.from([...windows1252(`${ascii}\n8000,Müller\n8001,café`)]);
    expect(bytes.byteLength).toBeGreaterThan(64 * 1024);
    const [table] = await extractAll(bytes, { fileName: "late.csv", chunkSize: 4096 });
    expect(table!.rows.slice(-2)).toEqual([
      ["8000", "Müller"],
      ["8001", "café"],
    ]);
  });

  it("finds the first non-ASCII byte wherever it sits in a chunk, however the chunk is aligned", () => {
    const ascii = new TextEncoder().encode("plain ascii text, long enough for whole words");
    for (let offset = 0; offset < 4; offset++) {
      for (let at = 0; at < ascii.byteLength - offset; at++) {
        const bytes = ascii.slice();
        bytes[at] = 0xe9; // "é" in Windows-1252, not UTF-8 on its own
        const chunk = bytes.subarray(offset);
        const decoding = createTextDecoding({ encoding: "utf-8", bomLength: 0 });
        const expected = new TextDecoder("windows-1252").decode(chunk);
        expect(decoding.decode(chunk) + decoding.end()).toBe(expected);
      }
    }
  });

  it("keeps UTF-8 characters cut by chunk boundaries, and a U+FEFF inside the text", () => {
    const text = "\ufeffa,b\nZürich,😀\ufeff\n";
    const bytes = new TextEncoder().encode(text);
    const sniffed = sniffEncoding(bytes, true);
    expect(sniffed).toEqual({ encoding: "utf-8", bomLength: 3 });
    const decoding = createTextDecoding(sniffed);
    let decoded = "";
    for (const byte of bytes) decoded += decoding.decode(Uint8Array.of(byte));
    expect(decoded + decoding.end()).toBe(text.slice(1));
  });

  it("turns a character cut at the very end of a UTF-8 file into U+FFFD", () => {
    const bytes = new TextEncoder().encode("Zü😀").subarray(0, 5);
    const decoding = createTextDecoding(sniffEncoding(bytes, false));
    expect(decoding.decode(bytes) + decoding.end()).toBe("Zü\ufffd");
  });

  it("reads a file that is ASCII but for one byte at its very end as Windows-1252", () => {
    const bytes = Uint8Array.of(0x5a, 0xc3);
    const decoding = createTextDecoding(sniffEncoding(bytes, false));
    expect(decoding.decode(bytes) + decoding.end()).toBe("ZÃ");
  });
});
