// `prisma generate` with no network: Prisma's CLI first tries to download its native schema
// engine, which generation does not need. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// file skips that download (see ENVIRONMENT.md); on a connected machine this changes nothing harmful.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
