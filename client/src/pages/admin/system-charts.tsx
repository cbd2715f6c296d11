import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { Paper, SimpleGrid, Text } from "@mantine/core";
import { format } from "date-fns";
import type { RouterOutputs } from "../../lib/api-types";

type Point = RouterOutputs["system"]["series"]["points"][number];
type Key = Exclude<keyof Point, "at">;

interface ChartSpec {
  title: string;
  unit?: string;
  series: { name: Key; label: string; color: string }[];
}

// Colours chosen from the darker shades so lines keep 3:1 contrast on light and dark cards.
const CHARTS: ChartSpec[] = [
  {
    title: "HTTP requests and server errors (per 5 min)",
    series: [
      { name: "requests", label: "Requests", color: "blue.7" },
      { name: "errors_5xx", label: "5xx errors", color: "red.8" },
    ],
  },
  {
    title: "Patient texts (per 5 min)",
    series: [
      { name: "texts_sent", label: "Sent", color: "teal.8" },
      { name: "texts_failed", label: "Failed", color: "red.8" },
    ],
  },
  {
    title: "Run queue",
    series: [
      { name: "queue_depth", label: "Queued runs", color: "violet.7" },
      { name: "runs_failed_last_hour", label: "Failed in the last hour", color: "red.8" },
    ],
  },
  {
    title: "Oldest queued run",
    unit: " s",
    series: [{ name: "oldest_queued_seconds", label: "Age (seconds)", color: "orange.8" }],
  },
  {
    title: "Event-loop lag (p99)",
    unit: " ms",
    series: [{ name: "event_loop_lag_ms", label: "Lag (ms)", color: "grape.7" }],
  },
  {
    title: "Memory (resident)",
    unit: " MB",
    series: [{ name: "memory_rss_mb", label: "Memory (MB)", color: "cyan.8" }],
  },
];

/** Loaded lazily (recharts). One small chart per key series over the chosen range. */
export default function SystemCharts({ points, range }: { points: Point[]; range: "24h" | "7d" }) {
  const data = points.map((p) => ({
    ...p,
    label: format(p.at, range === "24h" ? "HH:mm" : "EEE HH:mm"),
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      {CHARTS.map((c) => (
        <Paper
          key={c.title}
          withBorder
          p="sm"
          role="figure"
          aria-label={`${c.title}, ${range === "24h" ? "last 24 hours" : "last 7 days"}`}
        >
          <Text fw={600} size="sm" mb="xs">
            {c.title}
          </Text>
          <LineChart
            h={180}
            data={data}
            dataKey="label"
            unit={c.unit}
            connectNulls
            withLegend={c.series.length > 1}
            withDots={false}
            series={c.series}
          />
        </Paper>
      ))}
    </SimpleGrid>
  );
}
