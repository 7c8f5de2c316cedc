// @ts-check
import { readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Matches `node:fs` as well as the bare `fs`, `fs/promises`, ... forms. */
const NODE_BUILTINS = `^(?:node:|(?:${builtinModules
  .filter((name) => !name.startsWith("_") && !name.includes("/"))
  .map(escapeRegex)
  .join("|")})(?:/|$))`;

/** Node built-ins in their bare form only (`fs`, `fs/promises`), for places where `node:fs` is allowed. */
const BARE_NODE_BUILTINS = `^(?:${builtinModules
  .filter((name) => !name.startsWith("_") && !name.includes("/"))
  .map(escapeRegex)
  .join("|")})(?:/|$)`;

/**
 * Options for `no-restricted-imports` that keep one folder of `src/` on its side of the dependency
 * direction described in ARCHITECTURE.md.
 *
 * @param {string} message why the import is refused and what to do instead
 * @param {{ folders?: string[], modules?: string[], node?: boolean }} forbidden
 *   folders: sibling folders of src/ (matched by path segment, so `../server/app` and `../../server` both count);
 *   modules: npm packages, including their subpaths; node: Node built-ins, with or without `node:`
 * @param {Array<{ regex: string, message: string }>} [extraPatterns] further patterns, such as the feature zones of
 *   src/web (one ESLint rule has one set of options per file: a later block replaces an earlier one's, not adds to it)
 * @returns {import("eslint").Linter.RuleEntry}
 */
function restrictImports(message, { folders = [], modules = [], node = false }, extraPatterns = []) {
  /** @type {Array<{ group: string[], message: string } | { regex: string, message: string }>} */
  const patterns = [...extraPatterns];
  if (folders.length > 0) {
    patterns.push({ group: folders.flatMap((folder) => [`**/${folder}`, `**/${folder}/**`]), message });
  }
  if (modules.length > 0) {
    patterns.push({ regex: `^(?:${modules.map(escapeRegex).join("|")})(?:/|$)`, message });
  }
  if (node) {
    patterns.push({ regex: NODE_BUILTINS, message });
  }
  return ["error", { patterns }];
}

const SEE = "See ARCHITECTURE.md for the dependency direction.";

/** The dashboard's features: every folder of src/web/features, each with one public entry, its index.ts. */
const WEB_FEATURES = readdirSync(new URL("./src/web/features", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const WEB_FORBIDDEN = { folders: ["server", "demo", "mocks"], modules: ["better-sqlite3"], node: true };
const WEB_MESSAGE = `src/web is the browser dashboard and talks to the API only through sdk's client: no server, demo or mocks code, no better-sqlite3, no Node built-ins. ${SEE}`;
// Component tests answer the dashboard's requests with mock mode's MSW handlers (src/web/testing/mock-server.ts).
const WEB_TEST_FILES = ["src/web/testing/**", "src/web/**/*.test.ts", "src/web/**/*.test.tsx"];
const WEB_TEST_FORBIDDEN = { folders: ["server", "demo"], modules: ["better-sqlite3"], node: true };
const WEB_TEST_MESSAGE = `src/web tests may use src/mocks, but no server or demo code, no better-sqlite3, no Node built-ins. ${SEE}`;

/**
 * The zones inside src/web: code outside a feature reaches it only through its index.ts (`../features/jobs`, never
 * `../features/jobs/components/x`), and lib/ and components/ import no feature and no app/ code at all.
 *
 * @param {string | undefined} feature the feature the file belongs to; undefined for app/, lib/, testing/, ...
 * @param {{ featureFree?: boolean }} [options] featureFree: lib/ and components/, which may import no feature at all
 * @returns {Array<{ regex: string, message: string }>}
 */
function webZones(feature, { featureFree = false } = {}) {
  // Relative specifiers climbing to a folder of src/web: `../app`, `../../features/jobs/x`, `../../outcomes/next-step`.
  const up = (folders) => `^(?:\\.\\./)+(?:${folders.map(escapeRegex).join("|")})`;
  if (featureFree) {
    return [
      {
        regex: `${up(["features", "app"])}(?:/|$)`,
        message: `src/web/lib and src/web/components are shared by every feature and import none (nor app/): pass what they need in as arguments. ${SEE}`,
      },
    ];
  }
  if (feature === undefined) {
    return [
      {
        regex: `${up(["features"])}/[^/]+/`,
        message: `Use a feature through its index.ts only (\`../features/jobs\`, not a file inside it). ${SEE}`,
      },
    ];
  }
  return [
    {
      // From inside a feature another one is `../x` or `../../x`: its folder (the index) is allowed, a path into it not.
      regex: `${up(WEB_FEATURES.filter((name) => name !== feature))}/`,
      message: `Features do not import each other's files: use the other feature's index.ts, or wire the two in app/. ${SEE}`,
    },
    {
      regex: `${up(["app"])}(?:/|$)`,
      message: `A feature does not import app/: app/ wires features together, not the other way round. ${SEE}`,
    },
  ];
}

/**
 * The no-restricted-imports blocks of src/web: the layer rules (no server code, no Node built-ins) plus the zones of
 * each area, for source and for test files alike.
 *
 * @returns {import("eslint").Linter.Config[]}
 */
function webImportRules() {
  const areas = [
    { dirs: ["src/web"], zones: webZones(undefined) },
    { dirs: ["src/web/lib", "src/web/components"], zones: webZones(undefined, { featureFree: true }) },
    ...WEB_FEATURES.map((feature) => ({ dirs: [`src/web/features/${feature}`], zones: webZones(feature) })),
  ];
  return areas.flatMap(({ dirs, zones }) => [
    {
      files: dirs.map((dir) => `${dir}/**`),
      ignores: WEB_TEST_FILES,
      rules: { "no-restricted-imports": restrictImports(WEB_MESSAGE, WEB_FORBIDDEN, zones) },
    },
    {
      files: dirs.flatMap((dir) =>
        dir === "src/web" ? WEB_TEST_FILES : [`${dir}/**/*.test.ts`, `${dir}/**/*.test.tsx`],
      ),
      rules: { "no-restricted-imports": restrictImports(WEB_TEST_MESSAGE, WEB_TEST_FORBIDDEN, zones) },
    },
  ]);
}

export default defineConfig(
  {
    ignores: [
      "dist/",
      "data/",
      "test-results/",
      "playwright-report/",
      "node_modules/",
      "coverage/",
      "bench-results/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: {
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
  {
    files: ["src/web/**"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ["src/core/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        `src/core is isomorphic and depends on zod only: no server, sdk, web, mocks or demo code, no hono, react, better-sqlite3 or Node built-ins. ${SEE}`,
        {
          folders: ["server", "sdk", "web", "mocks", "demo"],
          modules: ["hono", "@hono/node-server", "react", "react-dom", "better-sqlite3"],
          node: true,
        },
      ),
    },
  },
  {
    files: ["src/server/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        `src/server depends on core only: it must not import web, sdk, demo or mocks code, nor react. ${SEE}`,
        { folders: ["web", "sdk", "demo", "mocks"], modules: ["react", "react-dom"] },
      ),
    },
  },
  {
    // createApp runs in browsers too (mock mode): only the Node entry, the SQLite and PostgreSQL adapters, the disk
    // blob store and tests may reach for Node built-ins, native modules or pg.
    files: ["src/server/**"],
    ignores: [
      "src/server/main.ts",
      "src/server/node/**",
      "src/server/store/sqlite/**",
      "src/server/store/postgres/**",
      "src/server/testing/**",
      "**/*.test.ts",
    ],
    rules: {
      "no-restricted-imports": restrictImports(
        `createApp must run in any runtime: Node-only code belongs in src/server/node, src/server/store/sqlite, src/server/store/postgres or main.ts. ${SEE}`,
        {
          folders: ["web", "sdk", "demo", "mocks"],
          modules: ["react", "react-dom", "better-sqlite3", "pg", "@hono/node-server"],
          node: true,
        },
      ),
    },
  },
  {
    files: ["src/sdk/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        `src/sdk depends on core only and runs in the browser: no server, web, demo or mocks code, no Node built-ins. ${SEE}`,
        { folders: ["server", "web", "demo", "mocks"], node: true },
      ),
    },
  },
  {
    // Tests of the SDK start a real server as a child process and use temp folders: Node built-ins are allowed there
    // in their `node:` form only, and server, web, demo and mocks code stays out.
    files: ["src/sdk/**/*.test.ts", "src/sdk/testing/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["server", "web", "demo", "mocks"].flatMap((folder) => [
                `**/${folder}`,
                `**/${folder}/**`,
              ]),
              message: `src/sdk tests may use node:* built-ins, but no server, web, demo or mocks code. ${SEE}`,
            },
            { regex: BARE_NODE_BUILTINS, message: `src/sdk tests import Node built-ins as node:*. ${SEE}` },
          ],
        },
      ],
    },
  },
  ...webImportRules(),
  {
    // Mock mode runs in the browser: server (createApp, memory store), core, sdk and the demo listener, nothing
    // Node-only. Only its entry (main.tsx, dashboard.tsx, scenario-panel.tsx) touches the dashboard's code.
    files: ["src/mocks/**"],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      "no-restricted-imports": restrictImports(
        `src/mocks runs in the browser and mounts the dashboard only from its entry (main.tsx, dashboard.tsx, scenario-panel.tsx): no web code elsewhere, no better-sqlite3, @hono/node-server or Node built-ins. ${SEE}`,
        { folders: ["web"], modules: ["better-sqlite3", "@hono/node-server"], node: true },
      ),
    },
  },
  {
    files: ["src/mocks/main.tsx", "src/mocks/dashboard.tsx", "src/mocks/scenario-panel.tsx"],
    rules: {
      "no-restricted-imports": restrictImports(
        `src/mocks runs in the browser: no better-sqlite3, @hono/node-server or Node built-ins. ${SEE}`,
        { modules: ["better-sqlite3", "@hono/node-server"], node: true },
      ),
    },
  },
  {
    files: ["src/demo/**"],
    rules: {
      "no-restricted-imports": restrictImports(
        `src/demo is an example listener and uses sdk only: it must not import server or web code. ${SEE}`,
        { folders: ["server", "web"] },
      ),
    },
  },
);
