import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
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

describe("feature zones of the dashboard", () => {
  it("refuses a path into another feature, from its code and from its tests", async () => {
    for (const file of [
      "src/web/features/jobs/components/x.tsx",
      "src/web/features/jobs/components/x.test.tsx",
    ]) {
      const messages = await restrictedImports(
        'import { x } from "../../outcomes/next-step";\nexport const y = x;\n',
        file,
      );
      expect(messages, file).toHaveLength(1);
      expect(messages[0]).toContain("Features do not import each other's files");
    }
    expect(
      await restrictedImports('import "../sheets/selection-store";\n', "src/web/features/actions/x.ts"),
    ).toHaveLength(1);
  });

  it("allows another feature's index and the feature's own files", async () => {
    const code =
      'import "../../outcomes";\nimport "../api/jobs-query-options";\nimport "../../../lib/paths";\n';
    expect(await restrictedImports(code, "src/web/features/jobs/components/x.tsx")).toEqual([]);
    expect(await restrictedImports('import "../jobs";\n', "src/web/features/jobs-table/x.ts")).toEqual([]);
  });

  it("keeps the layer rules inside features (the zones add to them, not replace them)", async () => {
    const code = 'import "../../../../server/app";\nimport "node:fs";\n';
    expect(await restrictedImports(code, "src/web/features/jobs/components/x.tsx")).toHaveLength(2);
    expect(
      await restrictedImports('import "../../../../mocks/handlers";\n', "src/web/features/jobs/x.test.ts"),
    ).toEqual([]);
  });

  it("lets app/ and testing/ use a feature through its index only", async () => {
    expect(
      await restrictedImports('import "../features/jobs/components/jobs-panel";\n', "src/web/app/x.tsx"),
    ).toHaveLength(1);
    expect(
      await restrictedImports('import "../features/auth/session";\n', "src/web/testing/x.tsx"),
    ).toHaveLength(1);
    expect(await restrictedImports('import "../features/jobs";\n', "src/web/app/x.tsx")).toEqual([]);
  });

  it("refuses features and app/ in lib/ and components/", async () => {
    expect(await restrictedImports('import "../features/auth";\n', "src/web/lib/x.ts")).toHaveLength(1);
    expect(
      await restrictedImports('import "../../app/providers";\n', "src/web/components/ui/x.tsx"),
    ).toHaveLength(1);
  });

  it("refuses app/ in a feature", async () => {
    expect(
      await restrictedImports('import "../../app/lazy-route";\n', "src/web/features/jobs/x.ts"),
    ).toHaveLength(1);
  });
});

describe("the dashboard's features as they are", () => {
  const web = fileURLToPath(new URL("web/", import.meta.url));
  const features = readdirSync(join(web, "features"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);

  /** The feature each feature imports (through its index.ts), read from the relative imports of its files. */
  function featureImports(): Map<string, Set<string>> {
    const graph = new Map(features.map((feature) => [feature, new Set<string>()]));
    for (const feature of features) {
      const root = join(web, "features", feature);
      for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
        const file = join(entry.parentPath, entry.name);
        for (const [, specifier] of readFileSync(file, "utf8").matchAll(
          /(?:from|import)\s*\(?\s*"(\.[^"]+)"/g,
        )) {
          const [area, name] = relative(web, resolve(dirname(file), specifier!)).split(/[\\/]/);
          if (area === "features" && name && name !== feature) graph.get(feature)!.add(name);
        }
      }
    }
    return graph;
  }

  it("has an index.ts in every feature", () => {
    for (const feature of features)
      expect(readdirSync(join(web, "features", feature)), feature).toContain("index.ts");
  });

  it("has no import loop between features", () => {
    const graph = featureImports();
    const loops: string[] = [];
    const visit = (feature: string, path: string[]) => {
      for (const next of graph.get(feature) ?? []) {
        if (next === path[0]) loops.push([...path, next].join(" -> "));
        else if (!path.includes(next) && next > path[0]!) visit(next, [...path, next]);
      }
    };
    for (const feature of features) visit(feature, [feature]);
    expect(loops).toEqual([]);
  });
});
