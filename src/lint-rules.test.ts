import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({
  cwd: projectRoot,
  overrideConfigFile: fileURLToPath(new URL("../eslint.config.js", import.meta.url)),
});

/** Messages of the import-direction rule for `code` as if it lived at `filePath`. */
async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return result.messages
    .filter((message) => message.ruleId === "no-restricted-imports")
    .map((message) => message.message);
}

describe("import direction rule", () => {
  it("refuses server code in core", async () => {
    const messages = await restrictedImports(
      'import x from "../server/app";\nexport const y = x;\n',
      "src/core/x.ts",
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("core is isomorphic and depends on zod only");
  });

  it("refuses server code in web, even as a side-effect import", async () => {
    const messages = await restrictedImports('import "../server/app";\n', "src/web/x.ts");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain("ARCHITECTURE.md");
  });

  it("refuses Node built-ins and server-only packages in core", async () => {
    const code = [
      'import { randomUUID } from "node:crypto";',
      'import { readFileSync } from "fs";',
      'import { Hono } from "hono";',
      'import { streamSSE } from "hono/streaming";',
      'import Database from "better-sqlite3";',
      "export const all = [randomUUID, readFileSync, Hono, streamSSE, Database];",
      "",
    ].join("\n");
    expect(await restrictedImports(code, "src/core/x.ts")).toHaveLength(5);
  });

  it("keeps Node-only code out of the portable server (createApp runs in browsers too)", async () => {
    const code =
      'import { readFileSync } from "node:fs";\nimport Database from "better-sqlite3";\nexport const all = [readFileSync, Database];\n';
    expect(await restrictedImports(code, "src/server/services/x.ts")).toHaveLength(2);
    expect(await restrictedImports(code, "src/server/app.ts")).toHaveLength(2);
    expect(await restrictedImports(code, "src/server/node/x.ts")).toEqual([]);
    expect(await restrictedImports(code, "src/server/store/sqlite/x.ts")).toEqual([]);
    expect(await restrictedImports(code, "src/server/services/x.test.ts")).toEqual([]);
  });

  it("refuses a folder's index import, not only its files", async () => {
    expect(await restrictedImports('import "../../server";\n', "src/sdk/client/x.ts")).toHaveLength(1);
  });

  it("allows zod and core's own files in core", async () => {
    const code = 'import { z } from "zod";\nimport { y } from "./y";\nexport const s = z.string().or(y);\n';
    expect(await restrictedImports(code, "src/core/x.ts")).toEqual([]);
  });

  it("allows the permitted directions", async () => {
    expect(await restrictedImports('import "../core/schemas";\n', "src/server/x.ts")).toEqual([]);
    expect(await restrictedImports('import "../sdk/client";\n', "src/web/x.ts")).toEqual([]);
    expect(await restrictedImports('import "../server/app";\n', "src/mocks/x.ts")).toEqual([]);
    expect(await restrictedImports('import "node:fs";\n', "src/server/node/x.ts")).toEqual([]);
  });
});
