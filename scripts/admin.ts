// `npm run admin -- create --email a@b.org --name "Ada Admin" [--password-stdin] [--force]`
// Creates the first admin of a deployment (no demo accounts exist outside demo mode). Works on the
// database the app would use: DATABASE_URL, else the embedded one under DATA_DIR.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { loadConfig } from "../server/config/index.js";
import { createDb } from "../server/db/client.js";
import { pidIsAlive } from "../server/db/embedded-postgres.js";
import { migrate } from "../server/db/migrate.js";
import { resolveDatabase } from "../server/db/resolve.js";
import { AppError } from "../server/lib/errors.js";
import { createAdmin } from "../server/services/admin/first-admin.js";

const USAGE = `Usage: npm run admin -- create --email <email> --name "<full name>" [--password-stdin] [--force]
  Without --password-stdin a password is generated, printed once, and must be changed at first sign-in.
  --force: create even though an admin exists; on an existing e-mail, reset that account to an admin.`;

const argsSchema = z.object({
  email: z.email("--email must be an e-mail address").max(254),
  name: z.string().trim().min(2, "--name needs at least 2 characters").max(120),
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

// The embedded cluster belongs to one process: starting it here while the app runs would fight
// the app for it. Ask for the app to be stopped (or for DATABASE_URL) instead.
function refuseWhenEmbeddedInUse(dataDir: string): void {
  const pidFile = path.resolve(dataDir, "postgres", "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, "utf8").split("\n")[0] ?? "", 10);
  if (Number.isFinite(pid) && pidIsAlive(pid)) {
    throw new AppError(
      "CONFLICT",
      `The embedded database in ${dataDir} is in use (postgres pid ${pid}): stop the app first`,
    );
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      name: { type: "string" },
      "password-stdin": { type: "boolean", default: false },
      force: { type: "boolean", default: false },
    },
  });
  if (positionals[0] !== "create") {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    process.stderr.write(`${parsed.error.issues.map((i) => i.message).join("\n")}\n${USAGE}\n`);
    return 2;
  }
  const password = values["password-stdin"] ? await readStdin() : undefined;
  // Never wipe data from here, whatever FRESH_DATA says in the environment.
  const config = loadConfig({ ...process.env, FRESH_DATA: "0" });
  if (!config.env.DATABASE_URL) refuseWhenEmbeddedInUse(config.env.DATA_DIR);
  const database = await resolveDatabase(config);
  try {
    await migrate(database.url);
    const db = createDb(database.url, { max: 2 });
    try {
      const result = await createAdmin(db, {
        ...parsed.data,
        ...(password ? { password } : {}),
        force: values.force,
      });
      const verb = result.outcome === "CREATED" ? "Created" : "Reset";
      process.stdout.write(`${verb} admin ${parsed.data.email.toLowerCase()}\n`);
      if (result.generatedPassword) {
        process.stdout.write(
          `Temporary password (shown once; it must be changed at first sign-in): ${result.generatedPassword}\n`,
        );
      }
      return 0;
    } finally {
      await db.$disconnect();
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof AppError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`${message.slice(0, 500)}\n`);
    process.exit(1);
  },
);
