import { Card, Group, SegmentedControl, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { useTRPC } from "../../lib/trpc";

export type Outcomes = RouterOutputs["board"]["outcomes"];

// recharts is heavy and only this section needs these charts.
const OutcomesCharts = lazy(() => import("./outcomes-charts"));

const percent = (v: number | null) => (v === null ? "—" : `${v}%`);

/** The outcomes the programme is judged by: 30-day readmissions and ED returns. */
export function OutcomesSection() {
  const trpc = useTRPC();
  const [months, setMonths] = useState("6");
  const outcomes = useQuery({
    ...trpc.board.outcomes.queryOptions({ months: Number(months) }),
    refetchInterval: 60_000,
  });
  const o = outcomes.data;
  return (
    <Card withBorder component="section" aria-labelledby="outcomes-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="outcomes-title">
          Outcomes: 30-day readmissions and ED returns
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Months of discharges"
          value={months}
          onChange={setMonths}
          data={[
            { value: "3", label: "3 months" },
            { value: "6", label: "6 months" },
            { value: "12", label: "12 months" },
          ]}
        />
      </Group>
      {outcomes.isPending && <LoadingState label="Loading outcome measures" />}
      {outcomes.isError && <ErrorState error={outcomes.error} onRetry={() => void outcomes.refetch()} />}
      {o && (
        <Stack>
          <SimpleGrid cols={{ base: 2, md: 4 }} data-testid="outcome-headline">
            <Figure
              label="Discharges followed"
              value={String(o.overall.episodes)}
              note={`since ${o.since.toISOString().slice(0, 10)}`}
            />
            <Figure
              label="30-day readmission rate"
              value={percent(o.overall.readmissionRate)}
              note={`${o.overall.readmissions} readmitted`}
            />
            <Figure
              label="ED-return rate"
              value={percent(o.overall.edReturnRate)}
              note={`${o.overall.edReturns} ED returns`}
            />
            <Figure
              label="Readmitted with a task open or breached the week before"
              value={percent(o.tasksBefore.share)}
              note={`${o.tasksBefore.withEither} of ${o.tasksBefore.readmittedPatients} patients`}
            />
          </SimpleGrid>
          {o.overall.stillInWindow > 0 && (
            <Text size="xs" c="dimmed">
              {o.overall.stillInWindow} discharges are less than {o.windowDays} days old: their rates can
              still rise.
            </Text>
          )}
          <Suspense fallback={<LoadingState label="Loading charts" />}>
            <OutcomesCharts outcomes={o} />
          </Suspense>
        </Stack>
      )}
    </Card>
  );
}

function Figure({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {note}
      </Text>
    </Stack>
  );
}
