import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { SimpleGrid, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { format, parseISO } from "date-fns";
import type { ReactNode } from "react";
import type { Outcomes } from "./outcomes-section";

const RATE_SERIES = [
  { name: "readmissionRate", label: "Readmitted within 30 days", color: "orange.8" },
  { name: "edReturnRate", label: "ED return within 30 days", color: "blue.7" },
];
const pct = (v: number | null) => (v === null ? "no discharges" : `${v}%`);

/**
 * Each chart comes with its text alternative: a sentence under it and the same figures as a table
 * for screen readers; the figure and its caption name the chart.
 */
export default function OutcomesCharts({ outcomes: o }: { outcomes: Outcomes }) {
  const months = o.byMonth.map((m) => ({ ...m, label: format(parseISO(`${m.month}-01`), "MMM yyyy") }));
  const readmittedDays = o.daysToReadmission.buckets.filter((b) => b.count > 0);
  const worstProtocol = [...o.byProtocol].sort(
    (a, b) => (b.readmissionRate ?? 0) - (a.readmissionRate ?? 0),
  )[0];
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }}>
      <ChartFigure
        title="Rates by protocol"
        summary={
          worstProtocol
            ? `Highest readmission rate: ${worstProtocol.protocol} at ${pct(worstProtocol.readmissionRate)} of ${worstProtocol.episodes} discharges.`
            : "No discharges in this period."
        }
        table={
          <RateTable
            caption="Readmission and ED-return rates by protocol"
            rows={o.byProtocol.map((p) => ({ key: p.protocol, ...p }))}
          />
        }
      >
        <BarChart h={220} data={o.byProtocol} dataKey="protocol" unit="%" withLegend series={RATE_SERIES} />
      </ChartFigure>
      <ChartFigure
        title="Rates by month of discharge"
        summary={months.map((m) => `${m.label}: ${pct(m.readmissionRate)} readmitted`).join("; ")}
        table={
          <RateTable
            caption="Readmission and ED-return rates by month of discharge"
            rows={months.map((m) => ({ key: m.label, ...m }))}
          />
        }
      >
        <BarChart h={220} data={months} dataKey="label" unit="%" withLegend series={RATE_SERIES} />
      </ChartFigure>
      <ChartFigure
        title="Days from discharge to readmission"
        summary={
          readmittedDays.length
            ? `Median day ${o.daysToReadmission.median}; ${readmittedDays.map((b) => `day ${b.day}: ${b.count}`).join(", ")}.`
            : "No readmissions in this period."
        }
        table={
          <Table>
            <caption>Readmissions by days after discharge</caption>
            <Table.Tbody>
              {readmittedDays.map((b) => (
                <Table.Tr key={b.day}>
                  <Table.Th scope="row">Day {b.day}</Table.Th>
                  <Table.Td>{b.count}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        }
      >
        <BarChart
          h={220}
          data={o.daysToReadmission.buckets}
          dataKey="day"
          series={[{ name: "count", label: "Readmissions", color: "orange.8" }]}
        />
      </ChartFigure>
    </SimpleGrid>
  );
}

function ChartFigure(props: { title: string; summary: string; table: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={4} component="figure" m={0}>
      <Text size="sm" fw={600} component="figcaption">
        {props.title}
      </Text>
      {props.children}
      <Text size="xs" c="dimmed">
        {props.summary}
      </Text>
      <VisuallyHidden>{props.table}</VisuallyHidden>
    </Stack>
  );
}

function RateTable(props: {
  caption: string;
  rows: { key: string; episodes: number; readmissionRate: number | null; edReturnRate: number | null }[];
}) {
  return (
    <Table>
      <caption>{props.caption}</caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Group</Table.Th>
          <Table.Th scope="col">Discharges</Table.Th>
          <Table.Th scope="col">Readmitted</Table.Th>
          <Table.Th scope="col">ED return</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {props.rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Th scope="row">{r.key}</Table.Th>
            <Table.Td>{r.episodes}</Table.Td>
            <Table.Td>{pct(r.readmissionRate)}</Table.Td>
            <Table.Td>{pct(r.edReturnRate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
