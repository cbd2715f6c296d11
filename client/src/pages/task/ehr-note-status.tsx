import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";

type EhrNote = RouterOutputs["ehrNote"]["forTask"][number];

const STATUS: Record<EhrNote["status"], { label: string; color: string }> = {
  QUEUED: { label: "Queued", color: "gray" },
  SENT: { label: "Sent", color: "blue" },
  ACCEPTED: { label: "Accepted", color: "teal" },
  FAILED: { label: "Failed", color: "red" },
};

const KIND: Record<EhrNote["kind"], string> = {
  TASK_RESOLVED: "Nurse note",
  EPISODE_CLOSED: "Episode summary",
};

function detail(note: EhrNote): string {
  if (note.status === "ACCEPTED") return `Filed in the EHR as ${note.ehrId ?? "?"}`;
  if (note.status === "SENT" && note.channel === "OUTBOX")
    return "Kept in the local outbox (no EHR configured)";
  if (note.status === "SENT") return "Sent; waiting for the EHR's answer";
  if (note.status === "FAILED") return `Not filed: ${note.failReason ?? "unknown reason"}`;
  return note.failReason ? `Will retry: ${note.failReason}` : "Waiting to be sent";
}

/** The notes this task sent (or will send) to the hospital's EHR, and where each stands. */
export function EhrNoteStatus({ taskId, open }: { taskId: string; open: boolean }) {
  const trpc = useTRPC();
  const notes = useQuery({ ...trpc.ehrNote.forTask.queryOptions({ taskId }), refetchInterval: 10_000 });
  if (!notes.data) return null;
  return (
    <Card withBorder component="section" aria-labelledby="ehr-notes-title">
      <Stack gap="xs">
        <Title order={3} size="h5" id="ehr-notes-title">
          Notes to the EHR
        </Title>
        {notes.data.length === 0 && (
          <Text size="sm" c="dimmed">
            {open
              ? "A nurse note is sent to the EHR when this task is resolved."
              : "No note was sent for this task."}
          </Text>
        )}
        {notes.data.map((note) => (
          <Stack key={note.id} gap={2} data-testid="ehr-note">
            <Group gap="xs">
              <Text size="sm" fw={500}>
                {KIND[note.kind]}
              </Text>
              <Badge color={STATUS[note.status].color} variant="light">
                {STATUS[note.status].label}
              </Badge>
              {note.attempts > 1 && (
                <Text size="xs" c="dimmed">
                  {note.attempts} attempts
                </Text>
              )}
            </Group>
            <Text size="sm">{detail(note)}</Text>
            <Text size="xs" c="dimmed">
              {note.channel ? `${note.channel} · ` : ""}
              {formatDateTime(new Date(note.updatedAt))}
              {note.adminTaskId && (
                <>
                  {" · "}
                  <Anchor component={Link} href={`/tasks/${note.adminTaskId}`} size="xs">
                    follow-up task
                  </Anchor>
                </>
              )}
            </Text>
          </Stack>
        ))}
      </Stack>
    </Card>
  );
}
