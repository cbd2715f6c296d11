import { defineConfig } from "@trigger.dev/sdk";

// The compatibility suite's own Trigger.dev v4 project (written from Trigger.dev's docs, not from
// the engine): every task here is driven by the real SDK in `../*.int.test.ts`.
export default defineConfig({
  project: "proj_engine_compat",
  runtime: "node",
  dirs: ["./tasks"],
  maxDuration: 60,
  // Project-wide default TTL; `compat.short-ttl` overrides it per task, trigger options per run.
  ttl: "1h",
});
