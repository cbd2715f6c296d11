import { defineConfig } from "@trigger.dev/sdk";

// A minimal Trigger.dev project used only by bench/engine.bench.ts.
export default defineConfig({
  project: "proj_bench",
  runtime: "node",
  dirs: ["./trigger"],
  maxDuration: 60,
  retries: { enabledInDev: false, default: { maxAttempts: 1 } },
});
