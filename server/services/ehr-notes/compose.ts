import { format } from "date-fns";
import type { Db } from "../../db/client.js";
import { DISPOSITION_LABELS, reasonLabel } from "../../domain/index.js";
import { now } from "../../lib/clock.js";
import { episodeSummary } from "../trends/episode-summary.js";

// The note's text, plain and short: what a clinician reading the chart needs. Composed once, at
// the note's first attempt, and kept, so every retry sends exactly the same document.

const when = (d: Date) => format(d, "yyyy-MM-dd HH:mm 'UTC'xxx");

/** A resolved task: the concern, what the nurse did and wrote, and the disposition. */
export async function composeTaskNote(db: Db, taskId: string): Promise<string> {
  const task = await db.escalationTask.findUniqueOrThrow({
    where: { id: taskId },
    select: {
      primaryReason: true,
      severity: true,
      suggestedAction: true,
      createdAt: true,
      resolvedAt: true,
      firstContactAt: true,
      disposition: true,
      assignee: { select: { name: true } },
      events: {
        where: { kind: { in: ["NOTE", "CONTACT"] } },
        orderBy: { createdAt: "asc" },
        select: { kind: true, data: true, createdAt: true, actor: { select: { name: true } } },
      },
    },
  });
  const lines = [
    "Sequora transitional care follow-up: nurse note",
    `Concern: ${reasonLabel(task.primaryReason)} (severity ${task.severity}), raised ${when(task.createdAt)}`,
    ...(task.suggestedAction ? [`Suggested action: ${task.suggestedAction}`] : []),
    task.firstContactAt
      ? `Patient contacted: ${when(task.firstContactAt)}`
      : "Patient contact not documented",
  ];
  const notes = task.events.filter((e) => e.kind === "NOTE");
  if (notes.length) {
    lines.push("Nurse notes:");
    for (const e of notes) {
      const text = (e.data as { text?: unknown }).text;
      if (typeof text === "string") lines.push(`- ${when(e.createdAt)} ${e.actor?.name ?? "Nurse"}: ${text}`);
    }
  }
  const disposition = task.disposition ? DISPOSITION_LABELS[task.disposition] : "not recorded";
  lines.push(
    `Resolved ${task.resolvedAt ? when(task.resolvedAt) : ""} by ${task.assignee?.name ?? "the care team"}: ${disposition}`,
  );
  return lines.join("\n");
}

/** The episode's closing summary: the plain-language summary the nurses see, then the counts. */
export async function composeEpisodeCloseNote(db: Db, episodeId: string): Promise<string> {
  const ep = await db.episode.findUniqueOrThrow({
    where: { id: episodeId },
    select: {
      protocol: true,
      dischargedAt: true,
      closedAt: true,
      closeReason: true,
      hospitalName: true,
      checkIns: { select: { status: true } },
      tasks: { select: { primaryReason: true, severity: true, disposition: true, status: true } },
    },
  });
  const counts = new Map<string, number>();
  for (const c of ep.checkIns) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  const checkIns = [...counts].map(([status, n]) => `${n} ${status.toLowerCase().replace(/_/g, " ")}`);
  const lines = [
    "Sequora transitional care follow-up: episode summary",
    `Programme: ${ep.protocol} protocol after discharge from ${ep.hospitalName} on ${when(ep.dischargedAt)}`,
    `Follow-up closed ${ep.closedAt ? when(ep.closedAt) : ""} (${ep.closeReason ?? "closed"})`,
    `Summary: ${await episodeSummary(db, episodeId, ep.closedAt ?? now())}`,
    `Check-ins: ${checkIns.length ? checkIns.join(", ") : "none"}`,
  ];
  if (ep.tasks.length) {
    lines.push(`Nurse tasks: ${ep.tasks.length}`);
    for (const t of ep.tasks) {
      const outcome = t.disposition ? DISPOSITION_LABELS[t.disposition] : t.status.toLowerCase();
      lines.push(`- ${reasonLabel(t.primaryReason)} (${t.severity}): ${outcome}`);
    }
  } else lines.push("Nurse tasks: none");
  return lines.join("\n");
}
