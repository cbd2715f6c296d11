import { Anchor, Badge, Grid, Group, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { Link, useParams } from "wouter";
import { BookVisitButton } from "../../components/book-visit-button";
import { ErrorState, LoadingState } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";
import { AppointmentCard } from "./appointment-card";
import { EpisodeSummary, PatientTrendsPanel } from "./episode-summary";
import { PatientTimeline } from "./patient-timeline";
import { TcmCard } from "./tcm-card";

// The realtime client (Electric shapes) is the heaviest part of this view: loaded after the rest.
const PatientRunsPanel = lazy(() => import("./runs-panel"));

export function PatientPage() {
  const { id = "" } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const timeline = useQuery(trpc.timeline.patient.queryOptions({ patientId: id, limit: 300 }));
  if (timeline.isPending) return <LoadingState label="Loading patient" />;
  if (timeline.isError) return <ErrorState error={timeline.error} onRetry={() => void timeline.refetch()} />;
  const p = timeline.data.patient;
  const active = p.episodes.find((e) => e.status === "ACTIVE");
  return (
    <Stack>
      <Anchor component={Link} href="/" size="sm">
        ← Back to the queue
      </Anchor>
      <Group gap="sm">
        <Title order={2}>
          {p.firstName} {p.lastName}
        </Title>
        <Badge variant="outline">{p.preferredLanguage}</Badge>
        {p.optedOut && <Badge color="red">opted out</Badge>}
        {p.outreachPausedAt && (
          <Badge color="orange" variant="light">
            texts paused: back in hospital
          </Badge>
        )}
        <Badge variant="light" color="gray">
          consent {p.consentStatus.toLowerCase()}
        </Badge>
        {active && <BookVisitButton episodeId={active.id} language={p.preferredLanguage} />}
      </Group>
      <Text size="sm" c="dimmed">
        MRN {p.mrn} · {p.timeZone} ·{" "}
        {p.episodes
          .map(
            (e) =>
              `${e.protocol} v${e.protocolVersion} discharged ${formatDateTime(e.dischargedAt)} (${e.status.toLowerCase()})`,
          )
          .join("; ")}
      </Text>
      <EpisodeSummary patientId={p.id} />
      <PatientTrendsPanel patientId={p.id} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <AppointmentCard patientId={p.id} />
          <TcmCard patientId={p.id} />
          <Suspense fallback={<LoadingState label="Loading workflow runs" />}>
            <PatientRunsPanel patientId={p.id} />
          </Suspense>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <PatientTimeline patientId={p.id} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
