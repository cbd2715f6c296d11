import { defineConfig, devices } from "@playwright/test";
import { findBrowser } from "./e2e/browser";
import { E2E_FHIR_TOKEN, e2eHl7Port } from "./e2e/hl7-port";

const PORT = Number(process.env.E2E_PORT ?? 4317);
const browser = findBrowser();

export default defineConfig({
  testDir: "e2e",
  // Waits for the fresh demo's history (played in the background after /healthz answers).
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: browser?.executablePath
      ? { executablePath: browser.executablePath, args: browser.args }
      : {},
  },
  projects: [
    { name: "chromium", use: { ...devices["Desktop Chrome"], viewport: { width: 1400, height: 900 } } },
  ],
  // The real app on a fresh embedded database of its own (wiped at every start).
  webServer: {
    command: "npx --no-install tsx server/main.ts",
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      DATA_DIR: ".data/e2e",
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? "54341",
      FRESH_DATA: "1",
      LOG_LEVEL: "warn",
      // The hospital feed journey sends ADT messages here (e2e/hospital-feed.spec.ts).
      HL7_MLLP_PORT: String(e2eHl7Port()),
      FHIR_HTTP_TOKENS: `e2e:${E2E_FHIR_TOKEN}`,
    },
  },
});
