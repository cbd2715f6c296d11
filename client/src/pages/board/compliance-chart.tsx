import "@mantine/charts/styles.css";
import { LineChart } from "@mantine/charts";
import { format, parseISO } from "date-fns";

export interface TrendPoint {
  day: string;
  EMERGENT: number | null;
  URGENT: number | null;
  ROUTINE: number | null;
}

/** Loaded lazily: recharts is the heaviest dependency and only supervisors see it. */
export default function ComplianceChart({ trend }: { trend: TrendPoint[] }) {
  const data = trend.map((p) => ({ ...p, label: format(parseISO(p.day), "MMM d") }));
  return (
    <LineChart
      h={220}
      data={data}
      dataKey="label"
      yAxisProps={{ domain: [0, 100] }}
      unit="%"
      connectNulls
      withLegend
      // A label on a plain div is not announced: as a figure it is (as on the admin's system charts).
      role="figure"
      aria-label="Percent within SLA by day and severity"
      series={[
        { name: "EMERGENT", label: "Emergent", color: "red.8" },
        { name: "URGENT", label: "Urgent", color: "orange.7" },
        { name: "ROUTINE", label: "Routine", color: "blue.7" },
      ]}
    />
  );
}
