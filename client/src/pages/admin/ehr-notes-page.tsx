import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { type EhrNoteStatusCode, NOTE_KIND, NOTE_STATUS, noteDetail } from "./ehr-note-labels";
import { ResendNoteButton } from "./ehr-note-resend-button";

const PAGE = 50;
const FILTERS: (EhrNoteStatusCode | "ALL")[] = ["ALL", "QUEUED", "SENT", "ACCEPTED", "FAILED"];

/** Every clinical note sent (or to send) to the hospital's EHR, where each stands, and re-send. */
export function EhrNotesPage() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<EhrNoteStatusCode | "ALL">("ALL");
  const [resent, setResent] = useState<string | null>(null);
  const counts = useQuery({ ...trpc.ehrNote.counts.queryOptions(), refetchInterval: 15_000 });
  const list = useInfiniteQuery({
    ...trpc.ehrNote.list.infiniteQueryOptions(
      { limit: PAGE, ...(status === "ALL" ? {} : { status }) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
    refetchInterval: 15_000,
  });
  const notes = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = counts.data ? Object.values(counts.data).reduce((a, b) => a + b, 0) : null;
  const filterLabel = (s: EhrNoteStatusCode | "ALL") => {
    const n = !counts.data ? null : s === "ALL" ? total : counts.data[s];
    const name = s === "ALL" ? "All" : NOTE_STATUS[s].label;
    return n === null ? name : `${name} (${n})`;
  };
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Notes to the EHR</Title>
          <Text size="sm" c="dimmed">
            Nurse notes and episode summaries sent to the hospital's record; a failed one can be re-sent once
            the interface is fixed.
          </Text>
        </Stack>
        <SegmentedControl
          aria-label="Status"
          value={status}
          onChange={(v) => setStatus(v as EhrNoteStatusCode | "ALL")}
          data={FILTERS.map((s) => ({ value: s, label: filterLabel(s) }))}
        />
      </Group>
      {resent && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setResent(null)}>
          Re-sent: the note is queued and filed under its own id, so the EHR keeps one copy.
        </Alert>
      )}
      {list.isPending && <LoadingState label="Loading notes to the EHR" />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.isSuccess && notes.length === 0 && (
        <EmptyState
          title={status === "ALL" ? "No notes yet" : `No ${NOTE_STATUS[status].label.toLowerCase()} notes`}
        >
          {status === "ALL"
            ? "A note is queued when a nurse resolves a task and when an episode closes."
            : "Choose another status to see more."}
        </EmptyState>
      )}
      {notes.length > 0 && (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover verticalSpacing="xs" aria-label="Notes to the EHR, newest first">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Queued</Table.Th>
                <Table.Th>Note</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>EHR id</Table.Th>
                <Table.Th>Attempts</Table.Th>
                <Table.Th>Last error</Table.Th>
                <Table.Th>Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {notes.map((n) => (
                <Table.Tr key={n.id} data-testid="ehr-note-row">
                  <Table.Td>{formatDateTime(n.createdAt)}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{NOTE_KIND[n.kind]}</Text>
                    <Group gap={6}>
                      {n.taskId && (
                        <Anchor component={Link} href={`/tasks/${n.taskId}`} size="xs">
                          task
                        </Anchor>
                      )}
                      <Anchor component={Link} href={`/patients/${n.patientId}`} size="xs">
                        patient
                      </Anchor>
                      {n.adminTaskId && (
                        <Anchor component={Link} href={`/tasks/${n.adminTaskId}`} size="xs">
                          failure task
                        </Anchor>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={NOTE_STATUS[n.status].color}>
                      {NOTE_STATUS[n.status].label}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {n.channel ?? "not sent yet"}
                    </Text>
                  </Table.Td>
                  <Table.Td>{n.ehrId ? <Text size="sm">{n.ehrId}</Text> : "—"}</Table.Td>
                  <Table.Td>
                    {n.attempts}
                    {n.resends > 0 && (
                      <Text size="xs" c="dimmed">
                        re-sent {n.resends}×
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td maw={320}>
                    <Text size="sm" lineClamp={2} title={n.failReason ?? undefined}>
                      {n.status === "ACCEPTED" || n.status === "SENT" ? noteDetail(n) : (n.failReason ?? "—")}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {n.status === "FAILED" && (
                      <ResendNoteButton
                        noteId={n.id}
                        label={`Re-send ${NOTE_KIND[n.kind].toLowerCase()} ${n.id}`}
                        onResent={() => setResent(n.id)}
                      />
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="light" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            Load older notes
          </Button>
        </Group>
      )}
    </Stack>
  );
}
