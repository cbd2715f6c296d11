import type { NotificationStatus } from "../../db/client.js";

export interface DeliveryReport {
  sent: number;
  failed: number;
  /** Left for a later pass (server busy or unreachable). */
  retry: number;
}

export type DeliveryOutcome =
  | { kind: "SENT"; providerId: string }
  /** `outcomeUnknown`: the provider may hold it; only the in-flight lease lets it be tried again. */
  | { kind: "RETRY"; outcomeUnknown: boolean }
  | { kind: "FAILED"; reason: string };

export interface Outgoing {
  id: string;
  status: NotificationStatus;
  updatedAt: Date;
}

/**
 * The delivery loop shared by staff texts and e-mails. Each row is claimed (its status and
 * updatedAt unchanged since it was read -> SENDING) before the provider call, so concurrent passes
 * or a re-executed task send it once; then its outcome is recorded.
 */
export async function deliverClaimed<T extends Outgoing>(
  rows: T[],
  ops: {
    claim(row: T): Promise<boolean>;
    send(row: T): Promise<DeliveryOutcome>;
    record(row: T, outcome: DeliveryOutcome): Promise<void>;
  },
): Promise<DeliveryReport> {
  const report: DeliveryReport = { sent: 0, failed: 0, retry: 0 };
  for (const row of rows) {
    if (!(await ops.claim(row))) continue;
    const outcome = await ops.send(row);
    if (outcome.kind === "SENT") report.sent++;
    else if (outcome.kind === "FAILED") report.failed++;
    else report.retry++;
    await ops.record(row, outcome);
  }
  return report;
}

/** The claim: the row moves to SENDING only if nobody touched it since it was read. */
export function claimArgs(row: Outgoing) {
  return {
    where: { id: row.id, status: row.status, updatedAt: row.updatedAt },
    data: { status: "SENDING" as const },
  };
}

/** Rows a pass should take: waiting ones, and ones stuck SENDING past the lease (a crash, a lost answer). */
export function deliverableWhere(leaseMs: number, at: Date) {
  return {
    OR: [
      { status: "PENDING" as const },
      { status: "SENDING" as const, updatedAt: { lt: new Date(at.getTime() - leaseMs) } },
    ],
  };
}

/** What to store for an outcome: the status, and the provider id or the reason. */
export function outcomeData(outcome: DeliveryOutcome) {
  switch (outcome.kind) {
    case "SENT":
      return { status: "SENT" as const, providerId: outcome.providerId };
    case "FAILED":
      return { status: "FAILED" as const, failReason: outcome.reason };
    case "RETRY":
      // Outcome unknown: stays SENDING so only the lease expiry (not the next pass) retries it.
      return { status: outcome.outcomeUnknown ? ("SENDING" as const) : ("PENDING" as const) };
  }
}
