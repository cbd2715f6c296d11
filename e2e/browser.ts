import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

// Debian's Chromium needs these to stay quiet on a machine with a closed network (ENVIRONMENT.md).
export const DEBIAN_CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Playwright's own browser when installed, else Debian's /usr/bin/chromium; undefined if neither. */
export function findBrowser(): { executablePath?: string; args: string[] } | undefined {
  const bundled = safe(() => chromium.executablePath());
  if (bundled && existsSync(bundled)) return { args: [] };
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (existsSync(candidate)) return { executablePath: candidate, args: DEBIAN_CHROMIUM_ARGS };
  }
  return undefined;
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
