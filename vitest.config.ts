import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/** The HTTP suites, which run a second time with the server on PostgreSQL (see src/server/testing/test-server.ts). */
const HTTP_SUITES = ["src/server/*.http.test.ts"];

export default defineConfig({
  test: {
    exclude: ["node_modules/**", "dist/**", "e2e/**"],
    environment: "node",
    // toBeInTheDocument() and friends for the component tests (harmless elsewhere).
    setupFiles: ["src/web/testing/setup-dom-matchers.ts"],
    pool: "forks",
    // Vitest's default is one file fewer than the cores at a time: a single file on a two-core machine, where most
    // files wait on servers, sockets and timers rather than the CPU. Two at least halves the suite's time there.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "all", include: ["src/**/*.test.ts", "src/**/*.test.tsx"] } },
      {
        extends: true,
        test: {
          name: "http-postgres",
          include: HTTP_SUITES,
          // One throwaway PostgreSQL for the project's files; each test server gets a schema of its own.
          globalSetup: ["src/server/testing/postgres-global-setup.ts"],
          env: { TEST_SERVER_STORE: "postgres" },
        },
      },
    ],
  },
});
