import { idempotencyKeys } from "@trigger.dev/sdk";

/**
 * Idempotency key for a wait or token inside a task, scoped to this run. The SDK sends a plain
 * string as it is, and the platform scopes it to the whole environment: "slot:1" in two patients'
 * runs would then be ONE waitpoint. Scoped keys keep each run's deadlines its own, while a
 * re-executed run still finds its original waitpoints.
 */
export function runKey(key: string): Promise<string> {
  return idempotencyKeys.create(key, { scope: "run" });
}
