import { Badge, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";

// recharts is heavy and only admins see this page.
const SystemCharts = lazy(() => import("./system-charts"));

type Alert = RouterOutputs["system"]["alerts"]["open"][number];

// Told by the word and the fill as well as the hue (colour-blind readers).
function AlertSeverity({ severity }: { severity: Alert["severity"] }) {
  return severity === "CRITICAL" ? (
    <Badge color="red" variant="filled">
      Critical
    </Badge>
  ) : (
    <Badge color="orange" variant="light">
      Warning
    </Badge>
  );
}

function AlertTable({ alerts, label, resolved }: { alerts: Alert[]; label: string; resolved?: boolean }) {
  return (
    <Table aria-label={label} fz="sm" verticalSpacing={6} striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th w={120}>Severity</Table.Th>
          <Table.Th>Alert</Table.Th>
          <Table.Th w={140}>Opened</Table.Th>
          <Table.Th w={140}>{resolved ? "Resolved" : "Last seen"}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {alerts.map((a) => (
          <Table.Tr key={a.id}>
            <Table.Td>
              <AlertSeverity severity={a.severity} />
            </Table.Td>
            <Table.Td>
              <Text fw={600} size="sm">
                {a.title}
              </Text>
              <Text size="sm" c="dimmed">
                {a.detail}
              </Text>
            </Table.Td>
            <Table.Td>{formatDateTime(a.openedAt)}</Table.Td>
            <Table.Td>{formatDateTime(resolved && a.resolvedAt ? a.resolvedAt : a.lastSeenAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The operator's view: open system alerts, their history, and the key series over 24 h or 7 days. */
export function SystemPage() {
  const trpc = useTRPC();
  const [range, setRange] = useState<"24h" | "7d">("24h");
  const alerts = useQuery({
    ...trpc.system.alerts.queryOptions({ historyLimit: 50 }),
    refetchInterval: 60_000,
  });
  const series = useQuery({ ...trpc.system.series.queryOptions({ range }), refetchInterval: 60_000 });
  return (
    <Stack>
      <Title order={2}>System</Title>
      <Title order={3} size="h4">
        Open alerts
      </Title>
      {alerts.isPending && <LoadingState label="Loading alerts" />}
      {alerts.isError && <ErrorState error={alerts.error} onRetry={() => void alerts.refetch()} />}
      {alerts.data && alerts.data.open.length === 0 && (
        <EmptyState title="No open alerts">The checks run every five minutes.</EmptyState>
      )}
      {alerts.data && alerts.data.open.length > 0 && (
        <AlertTable alerts={alerts.data.open} label="Open alerts" />
      )}

      <Group justify="space-between" mt="md">
        <Title order={3} size="h4">
          Key series
        </Title>
        <SegmentedControl
          aria-label="Time range"
          value={range}
          onChange={(v) => setRange(v === "7d" ? "7d" : "24h")}
          data={[
            { value: "24h", label: "Last 24 hours" },
            { value: "7d", label: "Last 7 days" },
          ]}
        />
      </Group>
      {series.isPending && <LoadingState label="Loading charts" />}
      {series.isError && <ErrorState error={series.error} onRetry={() => void series.refetch()} />}
      {series.data && series.data.points.length === 0 && (
        <EmptyState title="No history yet">
          The first samples appear within five minutes of start-up.
        </EmptyState>
      )}
      {series.data && series.data.points.length > 0 && (
        <Suspense fallback={<LoadingState label="Loading charts" />}>
          <SystemCharts points={series.data.points} range={series.data.range} />
        </Suspense>
      )}

      <Title order={3} size="h4" mt="md">
        Alert history
      </Title>
      {alerts.data && alerts.data.history.length === 0 && <EmptyState title="No resolved alerts" />}
      {alerts.data && alerts.data.history.length > 0 && (
        <AlertTable alerts={alerts.data.history} label="Resolved alerts" resolved />
      )}
    </Stack>
  );
}
