import { Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { ErrorState, LoadingState } from "../../components/states";
import type { Board } from "../../lib/api-types";
import { ago, formatDateTime } from "../../lib/format";
import { useTRPC } from "../../lib/trpc";

const ComplianceChart = lazy(() => import("./compliance-chart"));

export function NurseLoad({ board, now }: { board: Board; now: Date }) {
  return (
    <Card withBorder component="section" aria-labelledby="load-title">
      <Title order={3} size="h5" id="load-title" mb="xs">
        Nurse load
      </Title>
      <Table aria-label="Nurse load" verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Nurse</Table.Th>
            <Table.Th>Open / capacity</Table.Th>
            <Table.Th>Breached</Table.Th>
            <Table.Th>Oldest item</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {board.load.map((u) => (
            <Table.Tr key={u.id}>
              <Table.Td>
                <Group gap={4}>
                  <Text size="sm">{u.name}</Text>
                  {u.onCall && (
                    <Badge size="xs" color="teal" variant="light">
                      on call
                    </Badge>
                  )}
                  {u.languages.includes("ES") && (
                    <Badge size="xs" variant="outline" color="grape">
                      ES
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td c={u.open >= u.capacity ? "red" : undefined}>
                {u.open} / {u.capacity}
              </Table.Td>
              <Table.Td c={u.breached > 0 ? "red" : undefined}>{u.breached}</Table.Td>
              <Table.Td>{u.oldestCreatedAt ? ago(u.oldestCreatedAt, now) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function Roster({ board, now }: { board: Board; now: Date }) {
  const next = board.roster.nextUp;
  return (
    <Card withBorder component="section" aria-labelledby="roster-title">
      <Title order={3} size="h5" id="roster-title" mb="xs">
        On-call roster
      </Title>
      <Text size="sm" mb="xs" aria-label="Next up">
        Next up: <b>{next?.name ?? "nobody available"}</b>
      </Text>
      <List size="sm" spacing={2} aria-label="On call now">
        {board.roster.now.map((s) => (
          <List.Item key={s.id}>
            {s.userName} until {formatDateTime(s.endsAt, now)}
          </List.Item>
        ))}
      </List>
      {board.roster.upcoming.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="sm">
            Starting within 24 h
          </Text>
          <List size="sm" spacing={2} aria-label="Upcoming shifts">
            {board.roster.upcoming.map((s) => (
              <List.Item key={s.id}>
                {s.userName} {formatDateTime(s.startsAt, now)}–{formatDateTime(s.endsAt, now)}
              </List.Item>
            ))}
          </List>
        </>
      )}
    </Card>
  );
}

export function Compliance() {
  const trpc = useTRPC();
  const compliance = useQuery({
    ...trpc.board.compliance.queryOptions({ days: 14 }),
    refetchInterval: 60_000,
  });
  return (
    <Card withBorder component="section" aria-labelledby="compliance-title">
      <Title order={3} size="h5" id="compliance-title" mb="xs">
        Handled within SLA (last 14 days)
      </Title>
      {compliance.isPending && <LoadingState label="Loading SLA figures" />}
      {compliance.isError && (
        <ErrorState error={compliance.error} onRetry={() => void compliance.refetch()} />
      )}
      {compliance.data && (
        <Stack>
          <SimpleGrid cols={3}>
            {compliance.data.bySeverity.map((s) => (
              <Stack key={s.severity} gap={0} role="group" aria-label={`${s.severity} within SLA`}>
                <Text size="xs" c="dimmed">
                  {s.severity.toLowerCase()}
                </Text>
                <Text size="xl" fw={700} c={s.percent !== null && s.percent < 90 ? "red" : undefined}>
                  {s.percent === null ? "—" : `${s.percent}%`}
                </Text>
                <Text size="xs" c="dimmed">
                  {s.within} of {s.total}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
          <Suspense fallback={<LoadingState label="Loading chart" />}>
            <ComplianceChart trend={compliance.data.trend} />
          </Suspense>
        </Stack>
      )}
    </Card>
  );
}
