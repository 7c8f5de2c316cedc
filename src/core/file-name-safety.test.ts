import { describe, expect, it } from "vitest";
import { fileNameProblem, withoutUnsafeNameParts } from "./file-name-safety";

describe("fileNameProblem", () => {
  it("refuses every direction control", () => {
    for (const code of [
      0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c,
    ])
      expect(fileNameProblem(`a${String.fromCharCode(code)}b.csv`), code.toString(16)).toMatch(/direction/);
  });

  it("refuses Windows device names with or without an extension, in any case", () => {
    for (const name of [
      "CON",
      "prn.txt",
      "Aux.tar.gz",
      "nul",
      "COM1",
      "com9.csv",
      "LPT1",
      "lpt9.log",
      "CON .csv",
    ])
      expect(fileNameProblem(name), name).toMatch(/device/);
  });

  it("accepts names that only start like one, and text in any script", () => {
    for (const name of [
      "console.csv",
      "COM10.csv",
      "COM0",
      "LPT0.csv",
      "nullable.json",
      "aux-data.csv",
      "مرحبا.csv",
    ])
      expect(fileNameProblem(name), name).toBeUndefined();
  });
});

describe("withoutUnsafeNameParts", () => {
  it("drops direction controls and keeps a device name from being one", () => {
    expect(withoutUnsafeNameParts("invoice\u202Evsc.exe")).toBe("invoicevsc.exe");
    expect(withoutUnsafeNameParts("CON.csv")).toBe("CON_.csv");
    expect(withoutUnsafeNameParts("Contacts.csv")).toBe("Contacts.csv");
    for (const name of ["CON", "nul.txt", "a\u2067b"])
      expect(fileNameProblem(withoutUnsafeNameParts(name))).toBeUndefined();
  });
});
