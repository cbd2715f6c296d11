import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "client/**/*.test.ts",
      "server/**/*.test.ts",
      "trigger/**/*.test.ts",
      "scripts/**/*.test.ts",
      "bench/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
