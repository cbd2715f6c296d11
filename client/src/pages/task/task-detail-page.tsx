import { Anchor, Badge, Button, Card, Grid, Group, Stack, Text, Timeline, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "wouter";
import { BookVisitButton } from "../../components/book-visit-button";
import { reasonLabel, SeverityBadge } from "../../components/severity-badge";
import { SlaCountdown } from "../../components/sla-countdown";
import { ErrorState, LoadingState } from "../../components/states";
import {
  NoteDialog,
  ReassignDialog,
  ReleaseDialog,
  ResolveDialog,
  useClaim,
} from "../../components/task-dialogs";
import { useShortcuts } from "../../components/use-shortcuts";
import type { TaskDetail } from "../../lib/api-types";
import { DISPOSITIONS } from "../../lib/api-types";
import { formatDateTime, formatFull, labelOf } from "../../lib/format";
import { useNow, useServerOffset } from "../../lib/time";
import { useTRPC } from "../../lib/trpc";
import { AppointmentCard } from "./appointment-card";
import { EhrNoteStatus } from "./ehr-note-status";
import { EpisodeSummary, PatientTrendsPanel } from "./episode-summary";
import { EventData, PatientTimeline } from "./patient-timeline";

// The realtime client (Electric shapes) is the heaviest part of this view: loaded after the rest.
const PatientRunsPanel = lazy(() => import("./runs-panel"));

type Dialog = "note" | "resolve" | "reassign" | "release" | null;

// Tasks about the follow-up visit itself always offer "Book visit"; others only while none is booked.
const VISIT_REASONS = new Set(["FOLLOWUP_NOT_SCHEDULED", "TRANSPORT_NEEDED", "APPOINTMENT_MISSED"]);

export function TaskDetailPage() {
  const { id = "" } = useParams<{ id: string }>();
  const trpc = useTRPC();
  // Reads are audited server-side, de-duplicated per viewer over a window, so polling is safe.
  const detail = useQuery({ ...trpc.task.get.queryOptions({ id }), refetchInterval: 10_000 });
  const now = useNow(useServerOffset(detail.data?.serverNow));
  const [dialog, setDialog] = useState<Dialog>(null);
  const claim = useClaim();
  const task0 = detail.data?.task;
  const actionable = task0 !== undefined && (task0.status === "OPEN" || task0.status === "IN_PROGRESS");
  // The queue's letters work here too (see the `?` overlay); only while no dialog is open.
  useShortcuts(actionable && dialog === null, {
    c: () => task0?.status === "OPEN" && claim.mutate({ id: task0.id }),
    n: () => setDialog("note"),
    r: () => setDialog("reassign"),
    d: () => setDialog("resolve"),
  });
  if (detail.isPending) return <LoadingState label="Loading task" />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const task = detail.data.task;
  const open = task.status === "OPEN" || task.status === "IN_PROGRESS";
  const close = () => setDialog(null);
  return (
    <Stack>
      <Anchor component={Link} href="/" size="sm">
        ← Back to the queue
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Group gap="sm">
            <Title order={2}>
              {task.patient.firstName} {task.patient.lastName}
            </Title>
            <SeverityBadge severity={task.severity} />
            <Badge variant="outline">{labelOf(task.status)}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            MRN {task.patient.mrn} · {task.patient.phone} · prefers{" "}
            {task.patient.preferredLanguage === "ES" ? "Spanish" : "English"}
            {task.episode
              ? ` · ${task.episode.protocol} v${task.episode.protocolVersion}, day ${task.episodeDay}`
              : ""}
            {task.patient.optedOut ? " · opted out of texts" : ""}
          </Text>
        </Stack>
        {open && (
          <Group gap="xs">
            {task.status === "OPEN" && (
              <Button onClick={() => claim.mutate({ id: task.id })} loading={claim.isPending}>
                Claim
              </Button>
            )}
            <Button variant="light" onClick={() => setDialog("note")}>
              Add note
            </Button>
            <Button variant="light" onClick={() => setDialog("reassign")}>
              Reassign
            </Button>
            {task.assignee && (
              <Button variant="light" onClick={() => setDialog("release")}>
                Release
              </Button>
            )}
            {task.episode?.status === "ACTIVE" && (
              <BookVisitButton
                episodeId={task.episode.id}
                language={task.patient.preferredLanguage}
                onlyWithoutVisit={!VISIT_REASONS.has(task.primaryReason)}
              />
            )}
            <Button color="teal" variant="filled" onClick={() => setDialog("resolve")}>
              Resolve
            </Button>
          </Group>
        )}
      </Group>
      <EpisodeSummary patientId={task.patient.id} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <TaskSummary task={task} now={now} />
            <TaskEvents task={task} />
            <AppointmentCard patientId={task.patient.id} />
            <EhrNoteStatus taskId={task.id} open={open} />
            <Suspense fallback={<LoadingState label="Loading workflow runs" />}>
              <PatientRunsPanel patientId={task.patient.id} />
            </Suspense>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <PatientTrendsPanel patientId={task.patient.id} />
            <PatientTimeline patientId={task.patient.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <NoteDialog taskId={dialog === "note" ? task.id : null} onClose={close} />
      <ResolveDialog taskId={dialog === "resolve" ? task.id : null} onClose={close} />
      <ReleaseDialog taskId={dialog === "release" ? task.id : null} onClose={close} />
      <ReassignDialog taskIds={dialog === "reassign" ? [task.id] : null} onClose={close} />
    </Stack>
  );
}

function TaskSummary({ task, now }: { task: TaskDetail; now: Date }) {
  const stopped = task.firstContactAt ?? task.resolvedAt;
  return (
    <Card withBorder component="section" aria-label="Task summary">
      <Stack gap={6}>
        <Text fw={600}>{reasonLabel(task.primaryReason)}</Text>
        {task.reasonCodes.length > 1 && (
          <Text size="sm">
            Also:{" "}
            {task.reasonCodes
              .filter((c) => c !== task.primaryReason)
              .map(reasonLabel)
              .join(", ")}
          </Text>
        )}
        {task.suggestedAction && <Text size="sm">Suggested: {task.suggestedAction}</Text>}
        <Group gap="xs">
          <Text size="sm">SLA:</Text>
          {stopped ? (
            <Text size="sm" component="span" role="timer" aria-label="SLA clock stopped">
              clock stopped {formatDateTime(stopped, now)} (
              {stopped <= task.slaDueAt ? "within SLA" : "after the due time"})
            </Text>
          ) : (
            <SlaCountdown size="sm" due={task.slaDueAt} now={now} />
          )}
          <Text size="xs" c="dimmed" title={formatFull(task.slaDueAt)}>
            due {formatDateTime(task.slaDueAt, now)}
          </Text>
        </Group>
        <Text size="sm">
          Assignee: {task.assignee?.name ?? "unassigned"}
          {task.escalationLevel > 0 ? ` · escalation level ${task.escalationLevel}` : ""}
        </Text>
        {task.disposition && (
          <Text size="sm">Disposition: {DISPOSITIONS.find((d) => d.value === task.disposition)?.label}</Text>
        )}
        <Anchor component={Link} href={`/patients/${task.patient.id}`} size="sm">
          Full patient record
        </Anchor>
      </Stack>
    </Card>
  );
}

function TaskEvents({ task }: { task: TaskDetail }) {
  return (
    <Card withBorder component="section" aria-labelledby="events-title">
      <Title order={3} size="h5" id="events-title" mb="sm">
        Task history and notes
      </Title>
      <Timeline bulletSize={12} lineWidth={2} aria-label="Task history">
        {task.events.map((e) => (
          <Timeline.Item
            key={e.id}
            title={
              <Text size="sm" fw={600} c={e.kind.startsWith("SLA_") ? "red" : undefined}>
                {labelOf(e.kind)}
                {e.actorName ? ` · ${e.actorName}` : e.actorKind === "SYSTEM" ? " · system" : ""}
              </Text>
            }
          >
            <EventData data={e.data} />
            <Text size="xs" c="dimmed" title={formatFull(e.createdAt)}>
              {formatDateTime(e.createdAt)}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
