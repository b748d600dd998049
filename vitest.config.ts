import { defineConfig } from "vitest/config";

// Unit tests run anywhere; integration tests need the real services that `pnpm test` starts
// (scripts/platform/test.ts) and read their addresses from the `test` profile.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{apps,packages,infra,scripts,bench}/**/*.test.ts"],
          exclude: ["**/*.integration.test.ts", "**/node_modules/**", "**/.next/**"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{apps,packages,infra,scripts}/**/*.integration.test.ts"],
          exclude: ["**/node_modules/**", "**/.next/**"],
          env: { FLEETWIRE_PROFILE: "test" },
          testTimeout: 60_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
