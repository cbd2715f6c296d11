import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";

/** Another live process owns the data folder; starting on it would stop or corrupt its database. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data folder ${dataDir} in use by pid ${pid}`);
    this.name = "DataFolderInUseError";
  }
}

interface Holder {
  pid: number;
  /** Kernel start time of the process (Linux), so a recycled pid is not taken for the owner. */
  started: string | null;
}

export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); the command name before it may hold spaces and parentheses.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function holderIsAlive(h: Holder): boolean {
  if (!pidIsAlive(h.pid)) return false;
  const started = processStart(h.pid);
  return h.started === null || started === null || started === h.started;
}

function readHolder(file: string): { raw: string; holder: Holder | null } | null {
  let raw: string;
  try {
    raw = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(raw) as Partial<Holder>;
    if (Number.isInteger(parsed.pid))
      return { raw, holder: { pid: parsed.pid!, started: parsed.started ?? null } };
  } catch {}
  // Unreadable content (a crash mid-write): nobody can be shown to hold it.
  return { raw, holder: null };
}

/**
 * Takes `<dataDir>.lock` for this process, or throws DataFolderInUseError naming the live owner.
 * A lock whose owner is dead (kill -9, power cut) is taken over. Returns the release function.
 */
export function lockDataFolder(dataDir: string): () => void {
  const file = `${dataDir}.lock`;
  const mine = JSON.stringify({ pid: process.pid, started: processStart(process.pid) } satisfies Holder);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(file, mine, { flag: "wx", mode: 0o600 });
      return () => {
        if (readHolder(file)?.raw === mine) unlinkSync(file);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const found = readHolder(file);
    if (!found) continue;
    if (found.holder && holderIsAlive(found.holder))
      throw new DataFolderInUseError(dataDir, found.holder.pid);
    takeOverStale(file, found.raw);
  }
  throw new Error(`could not lock data folder ${dataDir}`);
}

// Moves the stale lock aside before creating ours, so two processes starting at once cannot
// both take it over: if what was moved is not the stale lock we judged (another starter won in
// between), it is put back and the loop sees a live owner.
function takeOverStale(file: string, staleRaw: string): void {
  const aside = `${file}.${randomBytes(6).toString("hex")}`;
  try {
    renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  if (readFileSync(aside, "utf8") !== staleRaw) {
    try {
      linkSync(aside, file);
    } catch {}
  }
  unlinkSync(aside);
}
