import "@mantine/charts/styles.css";
import { BarChart, LineChart } from "@mantine/charts";
import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { EmptyState } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { TrendFigure } from "./trend-figure";
import type { PatientTrends } from "./trend-query";

type Reading = NonNullable<PatientTrends["weight"]>;
const LINE_COLORS = ["gray.6", "orange.7", "red.7"];

function ReadingChart(props: { id: string; title: string; reading: Reading }) {
  const { points, lines, unit } = props.reading;
  if (points.length === 0) return null;
  const last = points.at(-1)!;
  const values = [...points.map((p) => p.value), ...lines.map((l) => l.value)];
  const pad = Math.max(1, (Math.max(...values) - Math.min(...values)) * 0.15);
  const description = `Latest ${last.value} ${unit} on day ${last.day} (${last.date}); ${points.length} readings. ${
    lines.length ? `Lines: ${lines.map((l) => `${l.label} at ${l.value}`).join(", ")}.` : ""
  }`;
  return (
    <TrendFigure
      id={props.id}
      title={props.title}
      description={description}
      table={{
        caption: `${props.title} by episode day`,
        head: ["Day", "Date", `${props.title} (${unit})`],
        rows: points.map((p) => [p.day, p.date, p.value]),
      }}
    >
      <LineChart
        h={180}
        data={points.map((p) => ({ label: `Day ${p.day}`, value: p.value }))}
        dataKey="label"
        unit={` ${unit}`}
        yAxisProps={{
          domain: [Math.floor(Math.min(...values) - pad), Math.ceil(Math.max(...values) + pad)],
        }}
        series={[{ name: "value", label: props.title, color: "blue.7" }]}
        curveType="linear"
        referenceLines={lines.map((l, i) => ({
          y: l.value,
          label: l.label,
          color: LINE_COLORS[Math.min(i, LINE_COLORS.length - 1)],
        }))}
      />
    </TrendFigure>
  );
}

function Scores({ trends }: { trends: PatientTrends }) {
  return trends.scores
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const labelOf = (v: number) => s.options.find((o) => o.value === v)?.label ?? String(v);
      const last = s.points.at(-1)!;
      const description = `${s.label}, 1 is best and ${s.max} worst (${s.options.map((o) => `${o.value} ${o.label}`).join(", ")}). Latest: ${labelOf(last.value)} on day ${last.day}.`;
      return (
        <TrendFigure
          key={s.topic}
          id={s.topic}
          title={s.label}
          description={description}
          table={{
            caption: `${s.label} answers by episode day`,
            head: ["Day", "Date", "Answer"],
            rows: s.points.map((p) => [p.day, p.date, `${p.value} ${labelOf(p.value)}`]),
          }}
        >
          <LineChart
            h={140}
            data={s.points.map((p) => ({ label: `Day ${p.day}`, value: p.value }))}
            dataKey="label"
            yAxisProps={{ domain: [1, s.max], allowDecimals: false }}
            series={[{ name: "value", label: s.label, color: "grape.7" }]}
            curveType="step"
          />
        </TrendFigure>
      );
    });
}

function Symptoms({ trends }: { trends: PatientTrends }) {
  const asked = trends.symptoms.filter((s) => s.points.length > 0);
  if (asked.length === 0) return null;
  return (
    <Stack gap={4} data-testid="trend-symptoms">
      <Title order={4} size="h6">
        Yes/no symptoms
      </Title>
      {asked.map((s) => {
        const yes = s.points.filter((p) => p.value === 1);
        return (
          <Text size="sm" key={s.topic}>
            <Text span fw={600}>
              {s.label}:
            </Text>{" "}
            {yes.length === 0
              ? `no on all ${s.points.length} days answered`
              : `yes on day ${yes.map((p) => p.day).join(", ")} (of ${s.points.length} days answered)`}
          </Text>
        );
      })}
    </Stack>
  );
}

function CheckInPattern({ trends }: { trends: PatientTrends }) {
  const rows = trends.checkIns;
  if (rows.length === 0) return null;
  const sum = (k: "answered" | "late" | "missed") => rows.reduce((n, r) => n + r[k], 0);
  const description = `${sum("answered")} answered on time, ${sum("late")} answered after the reminder, ${sum("missed")} missed, over ${rows.length} days with a check-in.`;
  return (
    <TrendFigure
      id="checkins"
      title="Check-in responses"
      description={description}
      table={{
        caption: "Check-ins by episode day",
        head: ["Day", "Date", "Answered", "Late", "Missed", "Waiting"],
        rows: rows.map((r) => [r.day, r.date, r.answered, r.late, r.missed, r.pending]),
      }}
    >
      <BarChart
        h={140}
        type="stacked"
        data={rows.map((r) => ({
          label: `Day ${r.day}`,
          answered: r.answered,
          late: r.late,
          missed: r.missed,
        }))}
        dataKey="label"
        yAxisProps={{ allowDecimals: false }}
        withLegend
        series={[
          { name: "answered", label: "Answered", color: "teal.7" },
          { name: "late", label: "Late", color: "yellow.7" },
          { name: "missed", label: "Missed", color: "red.7" },
        ]}
      />
    </TrendFigure>
  );
}

function Appointments({ trends }: { trends: PatientTrends }) {
  if (trends.appointments.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No follow-up appointment on record.
      </Text>
    );
  }
  return (
    <Table fz="sm" aria-label="Follow-up appointments">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">When</Table.Th>
          <Table.Th scope="col">Where</Table.Th>
          <Table.Th scope="col">Status</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trends.appointments.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>{formatDateTime(a.scheduledAt)}</Table.Td>
            <Table.Td>{a.location}</Table.Td>
            <Table.Td>
              <Group gap={4}>
                <Badge size="sm" variant="light">
                  {a.status.toLowerCase()}
                </Badge>
                {a.transportNeeded && (
                  <Badge size="sm" variant="outline" color="orange">
                    needs a ride
                  </Badge>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Loaded lazily (recharts is heavy): what the patient reported over the episode. */
export default function TrendCharts({ trends }: { trends: PatientTrends }) {
  const readings = [
    trends.weight && <ReadingChart key="w" id="weight" title="Weight" reading={trends.weight} />,
    trends.glucose && <ReadingChart key="g" id="glucose" title="Blood sugar" reading={trends.glucose} />,
    trends.temperature && (
      <ReadingChart key="t" id="temperature" title="Temperature" reading={trends.temperature} />
    ),
  ];
  const reported =
    trends.checkIns.length > 0 ||
    [trends.weight, trends.glucose, trends.temperature].some((r) => r && r.points.length > 0) ||
    trends.scores.some((s) => s.points.length > 0);
  return (
    <Card withBorder component="section" aria-labelledby="trends-title">
      <Title order={3} size="h5" id="trends-title" mb="sm">
        Patient trends
      </Title>
      {!reported ? (
        <EmptyState title="Nothing reported yet">
          Charts appear here once the patient answers a check-in (day {trends.episode.day} of{" "}
          {trends.episode.length}).
        </EmptyState>
      ) : (
        <Stack>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            {readings}
            <CheckInPattern trends={trends} />
            <Scores trends={trends} />
          </SimpleGrid>
          <Symptoms trends={trends} />
        </Stack>
      )}
      <Title order={4} size="h6" mt="md" mb={4}>
        Appointments
      </Title>
      <Appointments trends={trends} />
    </Card>
  );
}
