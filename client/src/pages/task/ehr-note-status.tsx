import { Anchor, Badge, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { NOTE_KIND, NOTE_STATUS, noteDetail } from "../admin/ehr-note-labels";
import { ResendNoteButton } from "../admin/ehr-note-resend-button";

/** The notes this task sent (or will send) to the hospital's EHR, and where each stands. */
export function EhrNoteStatus({ taskId, open }: { taskId: string; open: boolean }) {
  const trpc = useTRPC();
  const notes = useQuery({ ...trpc.ehrNote.forTask.queryOptions({ taskId }), refetchInterval: 10_000 });
  const me = useQuery(trpc.auth.me.queryOptions());
  const isAdmin = me.data?.user?.role === "ADMIN";
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
                {NOTE_KIND[note.kind]}
              </Text>
              <Badge color={NOTE_STATUS[note.status].color} variant="light">
                {NOTE_STATUS[note.status].label}
              </Badge>
              {note.attempts > 1 && (
                <Text size="xs" c="dimmed">
                  {note.attempts} attempts{note.resends > 0 ? `, re-sent ${note.resends}×` : ""}
                </Text>
              )}
              {isAdmin && note.status === "FAILED" && (
                <ResendNoteButton
                  noteId={note.id}
                  label={`Re-send the ${NOTE_KIND[note.kind].toLowerCase()}`}
                />
              )}
            </Group>
            <Text size="sm">{noteDetail(note)}</Text>
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
