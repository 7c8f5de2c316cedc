import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: projectRoot });

async function restrictedImports(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("the SDK's import rule", () => {
  it("refuses Node built-ins and server code in the SDK itself: it runs in browsers", async () => {
    const code = 'import "node:fs";\nimport "../../server/app";\nimport "../../core";\n';
    expect(await restrictedImports(code, "src/sdk/listener/x.ts")).toHaveLength(2);
  });

  it("lets the SDK's tests and test helpers use node:* built-ins, but not the bare form or server code", async () => {
    for (const file of ["src/sdk/listener/x.test.ts", "src/sdk/testing/x.ts"]) {
      expect(await restrictedImports('import "node:child_process";\nimport "node:fs";\n', file)).toEqual([]);
      expect(await restrictedImports('import "fs";\n', file)).toEqual([expect.stringContaining("node:*")]);
      expect(await restrictedImports('import "../../server/testing/test-server";\n', file)).toHaveLength(1);
    }
  });
});
