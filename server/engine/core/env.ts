/**
 * The engine's numeric settings from the environment (`ENGINE_*`, the CLI's `EMBEDDED_PG_PORT`).
 * Unset or blank gives the fallback; anything but a whole number in range throws with the variable's
 * name, so a typo (`ENGINE_EXECUTORS=two`) stops start-up instead of silently meaning 0 or NaN.
 */
export interface WholeNumberSetting {
  readonly fallback: number;
  readonly min?: number;
  readonly max?: number;
  /** What the edge values mean, shown in the error (e.g. "0: every resume replays"). */
  readonly meaning?: string;
}

export function wholeNumberFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
  setting: WholeNumberSetting,
): number {
  const { fallback, min = 0, max = Number.MAX_SAFE_INTEGER, meaning } = setting;
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} must be a whole number ${range}${meaning ? ` (${meaning})` : ""}, got "${raw}"`);
  }
  return n;
}

/**
 * Executor threads from `ENGINE_EXECUTORS`, else `fallback` (embedded in a host: 0, the engine's own
 * thread; `npm run engine`: 2). Each thread loads the project, so more than a few buys nothing.
 */
export function executorThreadsFromEnv(env: NodeJS.ProcessEnv, fallback: number): number {
  return wholeNumberFromEnv(env, "ENGINE_EXECUTORS", {
    fallback,
    max: 64,
    meaning: "0: task code in the engine's own thread",
  });
}
