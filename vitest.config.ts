import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    exclude: ["node_modules/**", "dist/**", "e2e/**"],
    environment: "node",
    // toBeInTheDocument() and friends for the component tests (harmless elsewhere).
    setupFiles: ["src/web/testing/setup-dom-matchers.ts"],
    pool: "forks",
    testTimeout: 30_000,
  },
});
