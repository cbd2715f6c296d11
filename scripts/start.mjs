// `npm start`: generate the Prisma client, build the SPA when its sources changed, then run the
// server (embedded Postgres + engine + demo data unless configured otherwise).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const run = (cmd, args, extraEnv = {}) => {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

if (!existsSync("node_modules")) {
  console.error("Dependencies are missing: run `npm ci` first (the README's first command does both).");
  process.exit(1);
}
if (
  !existsSync("server/db/generated/client.ts") ||
  statSync("prisma/schema.prisma").mtimeMs > statSync("server/db/generated/client.ts").mtimeMs
) {
  run("node", ["scripts/prisma-generate.mjs"]);
}
const built = "dist/client/index.html";
if (!existsSync(built) || newestMtime("client") > statSync(built).mtimeMs)
  run("npx", ["--no-install", "vite", "build"]);
run("npx", ["--no-install", "tsx", "server/main.ts"]);
