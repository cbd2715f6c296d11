import { Paper, Skeleton, Text } from "@mantine/core";
import { lazy, Suspense } from "react";
import { LoadingState } from "../../components/states";
import { usePatientTrends } from "./trend-query";

// recharts is the heaviest part of the trends: loaded after the rest of the page.
const TrendCharts = lazy(() => import("./trend-charts"));

/** The plain-language line at the top of the task and patient pages, from the episode's data. */
export function EpisodeSummary({ patientId }: { patientId: string }) {
  const trends = usePatientTrends(patientId);
  if (trends.isPending) return <Skeleton h={40} aria-hidden="true" />;
  // The charts say why when the query fails; the line itself is a convenience.
  if (trends.isError || !trends.data) return null;
  return (
    <Paper
      withBorder
      p="sm"
      bg="var(--mantine-color-blue-light)"
      component="section"
      aria-label="Episode summary"
      data-testid="episode-summary"
    >
      <Text size="sm">
        <Text span fw={600}>
          {trends.data.episode.protocol}:{" "}
        </Text>
        {trends.data.summary}
      </Text>
    </Paper>
  );
}

/** The trend charts, or why there are none (no episode yet). */
export function PatientTrendsPanel({ patientId }: { patientId: string }) {
  const trends = usePatientTrends(patientId);
  if (trends.isPending || !trends.data) return null;
  return (
    <Suspense fallback={<LoadingState label="Loading trends" />}>
      <TrendCharts trends={trends.data} />
    </Suspense>
  );
}
