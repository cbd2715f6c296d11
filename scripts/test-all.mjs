// `npm test`: unit + integration (vitest, real embedded Postgres), then the SPA build and the
// Playwright journeys against the real app. Stops at the first failing stage and ends with one
// line "tests: N passed, N failed" summing both runners.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

mkdirSync(".cache", { recursive: true });
const VITEST_JSON = ".cache/vitest-results.json";
const PLAYWRIGHT_JSON = ".cache/playwright-results.json";
for (const f of [VITEST_JSON, PLAYWRIGHT_JSON]) rmSync(f, { force: true });

const stages = [
  ["prisma client", "node", ["scripts/prisma-generate.mjs"]],
  [
    "unit + integration tests",
    "npx",
    [
      "--no-install",
      "vitest",
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${VITEST_JSON}`,
    ],
  ],
  ["SPA build", "npx", ["--no-install", "vite", "build"]],
  ["browser", "node", ["scripts/ensure-browser.mjs"]],
  ["end-to-end journeys", "npx", ["--no-install", "playwright", "test", "--reporter=list,json"]],
];

function counts() {
  let passed = 0;
  let failed = 0;
  if (existsSync(VITEST_JSON)) {
    const v = JSON.parse(readFileSync(VITEST_JSON, "utf8"));
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
  }
  if (existsSync(PLAYWRIGHT_JSON)) {
    const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8"));
    passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
    failed += p.stats?.unexpected ?? 0;
  }
  return { passed, failed };
}

let status = 0;
for (const [name, cmd, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON },
  });
  console.log(
    `=== ${name}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
  );
  if (r.status !== 0) {
    status = r.status ?? 1;
    break;
  }
}
const { passed, failed } = counts();
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
