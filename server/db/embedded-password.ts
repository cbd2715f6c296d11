import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import pg from "pg";

export const SUPERUSER = "postgres";
// Clusters made before per-install passwords used this one; it is accepted once, to move them over.
export const LEGACY_PASSWORD = "sequora-local";

/** Where a cluster's superuser password is kept: beside the cluster folder, `<dataDir>-password`. */
export function passwordFileFor(dataDir: string): string {
  return `${dataDir}-password`;
}

export const newPassword = (): string => randomBytes(24).toString("hex");

/** The install's password, created (0600, written atomically) when there is none yet. */
export function readOrCreatePassword(file: string): { password: string; created: boolean } {
  if (existsSync(file)) {
    const password = readFileSync(file, "utf8").trim();
    if (password) return { password, created: false };
  }
  const password = newPassword();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${password}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  return { password, created: true };
}

/**
 * Makes `password` the superuser's password. The file is written before the role is changed, so
 * a crash in between is repaired at the next start: the file's password is tried first, then each
 * fallback (the legacy constant, or the one-off password initdb was given), and the first that
 * signs in sets the file's.
 */
export async function ensureSuperuserPassword(
  port: number,
  password: string,
  fallbacks: string[],
): Promise<void> {
  const connect = async (pw: string): Promise<pg.Client | null> => {
    const c = new pg.Client({ host: "127.0.0.1", port, user: SUPERUSER, password: pw, database: "postgres" });
    try {
      await c.connect();
      return c;
    } catch (err) {
      await c.end().catch(() => {});
      if ((err as { code?: string }).code === "28P01") return null; // invalid_password
      throw err;
    }
  };
  const current = await connect(password);
  if (current) return void (await current.end());
  for (const pw of fallbacks) {
    const c = await connect(pw);
    if (!c) continue;
    try {
      // Hex only, so it can be inlined; ALTER ROLE takes no bind parameters.
      if (!/^[0-9a-f]+$/.test(password)) throw new Error("unexpected password format");
      await c.query(`ALTER ROLE ${SUPERUSER} PASSWORD '${password}'`);
    } finally {
      await c.end();
    }
    return;
  }
  throw new Error("embedded postgres: the superuser password in the data folder does not match the cluster");
}
