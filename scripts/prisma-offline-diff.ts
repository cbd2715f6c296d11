import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

// Prisma 7's `migrate diff` needs the native schema engine, which cannot be downloaded on these
// machines. Prisma 6.19's experimental JS engine produces the same migration SQL offline
// (ENVIRONMENT.md), so this keeps a private copy of it under .cache/ just for diffs.
const PRISMA6 = "6.19.3";
const DIR = path.resolve(".cache/prisma6");

function ensurePrisma6(): void {
  if (existsSync(path.join(DIR, "node_modules/prisma/package.json"))) return;
  mkdirSync(DIR, { recursive: true });
  writeFileSync(
    path.join(DIR, "package.json"),
    JSON.stringify({ name: "prisma6-diff", private: true, type: "module" }),
  );
  const r = spawnSync(
    "npm",
    [
      "install",
      "--no-save",
      "--no-audit",
      "--no-fund",
      `prisma@${PRISMA6}`,
      `@prisma/adapter-pg@${PRISMA6}`,
      "pg@8",
    ],
    { cwd: DIR, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (r.status !== 0) throw new Error("could not install prisma 6 for offline diffs");
}

/** Rewrites a Prisma 7 schema into what Prisma 6 accepts (classic generator, url in datasource). */
function toPrisma6Schema(schema: string, url: string): string {
  return schema
    .replace(/generator client \{[\s\S]*?\n\}/, 'generator client {\n  provider = "prisma-client-js"\n}')
    .replace(
      /datasource db \{[\s\S]*?\n\}/,
      `datasource db {\n  provider = "postgresql"\n  url = "${url}"\n}`,
    );
}

/**
 * SQL that takes a database from `fromSchema` (undefined = empty) to `toSchema`, as Prisma writes it.
 * `scratchUrl` must reach a live Postgres (the JS engine connects even for a pure diff).
 */
export function prismaDiffSql(opts: { fromSchema?: string; toSchema: string; scratchUrl: string }): string {
  ensurePrisma6();
  writeFileSync(path.join(DIR, "to.prisma"), toPrisma6Schema(opts.toSchema, opts.scratchUrl));
  let from = ["--from-empty"];
  if (opts.fromSchema) {
    writeFileSync(path.join(DIR, "from.prisma"), toPrisma6Schema(opts.fromSchema, opts.scratchUrl));
    from = ["--from-schema-datamodel", "from.prisma"];
  }
  writeFileSync(
    path.join(DIR, "prisma.config.ts"),
    `import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "to.prisma",
  async adapter() { return new PrismaPg({ connectionString: ${JSON.stringify(opts.scratchUrl)} }); },
});
`,
  );
  const placeholder = path.join(DIR, "package.json");
  const r = spawnSync(
    path.join(DIR, "node_modules/.bin/prisma"),
    ["migrate", "diff", ...from, "--to-schema-datamodel", "to.prisma", "--script"],
    {
      cwd: DIR,
      encoding: "utf8",
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: placeholder,
        PRISMA_QUERY_ENGINE_LIBRARY: placeholder,
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
    },
  );
  if (r.status !== 0) throw new Error(`prisma migrate diff failed:\n${r.stderr}`);
  return r.stdout;
}

export const readSchema = (file = "prisma/schema.prisma") => readFileSync(file, "utf8");
