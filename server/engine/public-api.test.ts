import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SKIP = new Set([
  "node_modules",
  "dist",
  ".git",
  ".data",
  "generated",
  "test-results",
  "playwright-report",
]);

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx|mts|mjs)$/.test(name)) yield full;
  }
}

describe("the engine's public API", () => {
  it("code outside server/engine imports only server/engine/index.ts", () => {
    const engineDir = path.join(ROOT, "server", "engine");
    const offenders: string[] = [];
    for (const file of sources(ROOT)) {
      if (file.startsWith(engineDir + path.sep)) continue;
      for (const m of readFileSync(file, "utf8").matchAll(
        /from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']/g,
      )) {
        const spec = m[1] ?? m[2] ?? "";
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (target.startsWith(engineDir + path.sep) && target !== path.join(engineDir, "index.js"))
          offenders.push(`${path.relative(ROOT, file)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
