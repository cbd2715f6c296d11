// `npm test`: unit + integration (vitest, real embedded Postgres), then the SPA build and the
// Playwright journeys against the real app. Stops at the first failing stage.
import { spawnSync } from "node:child_process";

const stages = [
  ["prisma client", "node", ["scripts/prisma-generate.mjs"]],
  ["unit + integration tests", "npx", ["--no-install", "vitest", "run"]],
  ["SPA build", "npx", ["--no-install", "vite", "build"]],
  ["browser", "node", ["scripts/ensure-browser.mjs"]],
  ["end-to-end journeys", "npx", ["--no-install", "playwright", "test"]],
];
for (const [name, cmd, args] of stages) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: "inherit", env: process.env });
  console.log(`=== ${name}: ${r.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (r.status !== 0) process.exit(r.status ?? 1);
}
