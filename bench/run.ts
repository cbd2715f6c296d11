// `npm run bench [-- name ...]`: runs every bench/*.bench.ts (or the named ones) in turn and
// prints one table of figures, goals and ratios. Figures only: nothing here fails a build.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchModule, BenchResult } from "./types.js";

const DIR = path.dirname(fileURLToPath(import.meta.url));

function format(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
    .sort();
  const results: BenchResult[] = [];
  for (const file of files) {
    const started = performance.now();
    process.stdout.write(`running ${file} …\n`);
    const mod = (await import(pathToFileURL(path.join(DIR, file)).href)) as BenchModule;
    try {
      results.push(...(await mod.run()));
    } catch (err) {
      // The table keeps one line; the whole error (its stack, a driver's cause) goes to stderr.
      console.error(`${file} failed:`, err);
      results.push({
        group: file,
        name: `FAILED: ${(err as Error).message.slice(0, 120)}`,
        value: Number.NaN,
        unit: "",
      });
    }
    process.stdout.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
  const rows = results.map((r) => [
    r.group,
    r.name,
    `${format(r.value)} ${r.unit}`.trim(),
    r.goal ?? "",
    r.ok === undefined ? "" : r.ok ? "ok" : "MISSED",
  ]);
  const header = ["group", "figure", "value", "goal", ""];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(`\n${line(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const r of rows) console.log(line(r));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
