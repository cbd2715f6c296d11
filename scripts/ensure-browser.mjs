// Playwright cannot download its browser on these machines; Debian's Chromium works. Install it
// when neither is present and we are allowed to (root), otherwise say exactly what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];
let bundled = false;
try {
  const { chromium } = await import("@playwright/test");
  bundled = existsSync(chromium.executablePath());
} catch {}
if (bundled || candidates.some((c) => existsSync(c))) process.exit(0);

if (process.getuid?.() === 0) {
  console.log("No browser for Playwright found: installing Debian's chromium (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", "chromium"]]) {
    const r = spawnSync("apt-get", args, { stdio: "inherit", env });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
console.error(
  "No browser for Playwright: run `sudo apt-get install chromium` or `npx playwright install chromium`.",
);
process.exit(1);
