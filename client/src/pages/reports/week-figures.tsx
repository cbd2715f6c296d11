import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Card, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { RouterOutputs } from "../../lib/api-types";
import { reasonLabel } from "../../lib/api-types";
import { TrendFigure } from "../task/trend-figure";

export type WeeklyFigures = RouterOutputs["report"]["week"]["figures"];
type Week = WeeklyFigures["current"];
const SEVERITIES = ["EMERGENT", "URGENT", "ROUTINE"] as const;

/** "+3", "−2", "no change" against the week before; `unit` " pts" for percentages. */
export function delta(now: number | null, before: number | null, unit = ""): string {
  if (now === null || before === null) return "no comparison";
  const d = Math.round((now - before) * 10) / 10;
  if (d === 0) return "no change";
  return `${d > 0 ? "+" : "−"}${Math.abs(d)}${unit}`;
}
const pct = (p: number | null) => (p === null ? "–" : `${p}%`);
const minutes = (m: number | null) =>
  m === null ? "–" : m < 90 ? `${Math.round(m)} min` : `${Math.round((m / 60) * 10) / 10} h`;

function Stat(props: { label: string; value: string; change: string; note?: string }) {
  return (
    <Card withBorder p="sm" component="section" aria-label={props.label}>
      <Text size="xs" c="dimmed">
        {props.label}
      </Text>
      <Text fw={700} size="xl">
        {props.value}
      </Text>
      <Text size="xs" c="dimmed">
        {props.note ?? `${props.change} vs the week before`}
      </Text>
    </Card>
  );
}

function Stats({ c, p }: { c: Week; p: Week }) {
  const n = (label: string, now: number, before: number) => (
    <Stat key={label} label={label} value={String(now)} change={delta(now, before)} />
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      {n("Enrolled", c.patients.enrolled, p.patients.enrolled)}
      {n("Active at week's end", c.patients.active, p.patients.active)}
      {n("Completed 30 days", c.patients.completed, p.patients.completed)}
      {n("Opted out", c.patients.optedOut, p.patients.optedOut)}
      <Stat
        label="Check-in response rate"
        value={pct(c.checkIns.responseRate)}
        change={delta(c.checkIns.responseRate, p.checkIns.responseRate, " pts")}
      />
      {n("Tasks", c.tasks.total, p.tasks.total)}
      <Stat
        label="Handled within SLA"
        value={pct(c.sla.percent)}
        change={delta(c.sla.percent, p.sla.percent, " pts")}
      />
      {c.returns.known ? (
        n(
          "Readmissions + ED returns",
          c.returns.readmissions + c.returns.edReturns,
          p.returns.readmissions + p.returns.edReturns,
        )
      ) : (
        <Stat label="Hospital returns" value="not known" change="" note="no hospital feed messages yet" />
      )}
    </SimpleGrid>
  );
}

function SeverityCharts({ c, p }: { c: Week; p: Week }) {
  const tasksDesc = SEVERITIES.map(
    (s) => `${s} ${c.tasks.bySeverity[s]} (week before ${p.tasks.bySeverity[s]})`,
  ).join(", ");
  const slaOf = (w: Week, s: string) => w.sla.bySeverity.find((r) => r.severity === s)!;
  const slaDesc = SEVERITIES.map(
    (s) => `${s} ${pct(slaOf(c, s).percent)} (week before ${pct(slaOf(p, s).percent)})`,
  ).join(", ");
  const series = [
    { name: "before", label: "Week before", color: "gray.5" },
    { name: "week", label: "This week", color: "blue.7" },
  ];
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }}>
      <TrendFigure
        id="tasks-by-severity"
        title="Tasks by severity"
        description={tasksDesc}
        table={{
          caption: "Tasks by severity",
          head: ["Severity", "This week", "Week before"],
          rows: SEVERITIES.map((s) => [s, c.tasks.bySeverity[s], p.tasks.bySeverity[s]]),
        }}
      >
        <BarChart
          h={160}
          data={SEVERITIES.map((s) => ({
            severity: s,
            week: c.tasks.bySeverity[s],
            before: p.tasks.bySeverity[s],
          }))}
          dataKey="severity"
          withLegend
          yAxisProps={{ allowDecimals: false }}
          series={series}
        />
      </TrendFigure>
      <TrendFigure
        id="sla-by-severity"
        title="Within SLA by severity"
        description={slaDesc}
        table={{
          caption: "Within SLA by severity",
          head: ["Severity", "This week", "Week before"],
          rows: SEVERITIES.map((s) => [s, pct(slaOf(c, s).percent), pct(slaOf(p, s).percent)]),
        }}
      >
        <BarChart
          h={160}
          data={SEVERITIES.map((s) => ({
            severity: s,
            week: slaOf(c, s).percent,
            before: slaOf(p, s).percent,
          }))}
          dataKey="severity"
          unit="%"
          withLegend
          yAxisProps={{ domain: [0, 100] }}
          series={series}
        />
      </TrendFigure>
    </SimpleGrid>
  );
}

function SmallTable(props: { label: string; head: string[]; rows: (string | number)[][]; empty: string }) {
  return (
    <Stack gap={4}>
      <Title order={4} size="h6">
        {props.label}
      </Title>
      {props.rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {props.empty}
        </Text>
      ) : (
        <Table fz="sm" aria-label={props.label} withTableBorder>
          <Table.Thead>
            <Table.Tr>
              {props.head.map((h) => (
                <Table.Th key={h} scope="col">
                  {h}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {props.rows.map((r) => (
              <Table.Tr key={String(r[0])}>
                {r.map((cell, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells of a fixed-width row
                  <Table.Td key={i}>{cell}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** One week's stored figures (exactly what was e-mailed), with the week before for comparison. */
export default function WeekFigures({ figures }: { figures: WeeklyFigures }) {
  const c = figures.current;
  const p = figures.previous;
  return (
    <Stack>
      <Stats c={c} p={p} />
      <SeverityCharts c={c} p={p} />
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <SmallTable
          label="Tasks by reason"
          head={["Reason", "Tasks"]}
          rows={c.tasks.byReason.map((r) => [reasonLabel(r.reason), r.count])}
          empty="No tasks this week."
        />
        <SmallTable
          label="Median time to first contact"
          head={["Severity", "This week", "Week before"]}
          rows={SEVERITIES.map((s) => [
            s,
            minutes(c.firstContactMinutes[s]),
            minutes(p.firstContactMinutes[s]),
          ])}
          empty=""
        />
        <SmallTable
          label="SLA breaches by nurse"
          head={["Nurse", "Breaches"]}
          rows={c.breachesByNurse.map((b) => [b.nurse, b.count])}
          empty="No breaches this week."
        />
      </SimpleGrid>
      <Text size="sm" c="dimmed">
        Check-ins: {c.checkIns.answered} answered, {c.checkIns.missed} missed. Episodes closed early:{" "}
        {c.patients.closedEarly}.{" "}
        {c.returns.known
          ? `Readmissions ${c.returns.readmissions} (${delta(c.returns.readmissions, p.returns.readmissions)}), ED returns ${c.returns.edReturns} (${delta(c.returns.edReturns, p.returns.edReturns)}).`
          : "Readmissions and ED returns are not known: no hospital feed messages yet."}
      </Text>
    </Stack>
  );
}
