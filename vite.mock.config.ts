/**
 * Mock mode (`npm run dev:mock`, `npm run build:mock`): the dashboard with no backend. The same build as
 * vite.config.ts, merged over it, with three differences: index.html loads src/mocks/main.tsx instead of
 * src/web/main.tsx, MSW's worker script is served and emitted (this build only), and there is no `/v1` proxy, so no
 * request can reach a real API. The output goes to dist/mock, apart from the production build in dist/web.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { defineConfig, mergeConfig, type Plugin, type UserConfig, type UserConfigExport } from "vite";
import baseConfig from "./vite.config";

const WEB_ENTRY = "/src/web/main.tsx";
const MOCK_ENTRY = "/src/mocks/main.tsx";
const WORKER_FILE = "mockServiceWorker.js";

/** Swaps the dashboard's entry for mock mode's in index.html (dev server and build alike). */
function mockEntry(): Plugin {
  return {
    name: "jobs-mock-entry",
    transformIndexHtml: {
      order: "pre",
      handler(html) {
        if (!html.includes(WEB_ENTRY)) {
          throw new Error(`index.html no longer loads ${WEB_ENTRY}: update vite.mock.config.ts`);
        }
        return html.replace(WEB_ENTRY, MOCK_ENTRY);
      },
    },
  };
}

/**
 * MSW's worker script, read from the installed msw so that it always matches the library's version (nothing to
 * regenerate or commit): served at /mockServiceWorker.js by the dev server, emitted at the root of the build.
 */
function mockServiceWorker(): Plugin {
  const source = () => readFileSync(createRequire(import.meta.url).resolve(`msw/${WORKER_FILE}`), "utf8");
  return {
    name: "jobs-mock-service-worker",
    configureServer(server) {
      server.middlewares.use(`/${WORKER_FILE}`, (_req, res) => {
        res.setHeader("Content-Type", "text/javascript");
        res.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: WORKER_FILE, source: source() });
    },
  };
}

/** The base config without its `/v1` proxies: in mock mode the page's worker is the only API. */
function withoutProxy(config: UserConfig): UserConfig {
  const { proxy: _server, ...server } = config.server ?? {};
  const { proxy: _preview, ...preview } = config.preview ?? {};
  return { ...config, server, preview };
}

// Whatever form vite.config.ts exports (an object today, maybe a function tomorrow).
const baseExport = baseConfig as UserConfigExport;

export default defineConfig(async (env) => {
  const base = typeof baseExport === "function" ? await baseExport(env) : await baseExport;
  return mergeConfig(withoutProxy(base), {
    plugins: [mockEntry(), mockServiceWorker()],
    build: { outDir: "dist/mock", emptyOutDir: true },
    // Its own dependency cache, and the mock entry to scan (the scanner reads index.html as it is on disk).
    cacheDir: "node_modules/.vite-mock",
    optimizeDeps: { entries: ["src/mocks/main.tsx"] },
    server: { port: 5174, strictPort: true },
    preview: { port: 4174, strictPort: true },
  } satisfies UserConfig);
});
