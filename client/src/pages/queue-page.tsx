import { Badge, Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { reasonLabel, SeverityBadge } from "../components/severity-badge";
import { EmptyState, ErrorState, LoadingState } from "../components/states";
import { countdown, serverOffset, useNow } from "../lib/time";
import { useTRPC } from "../lib/trpc";

type Scope = "all" | "mine" | "unassigned";

export function QueuePage() {
  const trpc = useTRPC();
  const [scope, setScope] = useState<Scope>("all");
  const queue = useQuery({ ...trpc.task.list.queryOptions({ scope, limit: 500 }), refetchInterval: 10_000 });
  const now = useNow(serverOffset(queue.data?.serverNow));
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Task queue</Title>
        <SegmentedControl
          aria-label="Show tasks"
          value={scope}
          onChange={(v) => setScope(v as Scope)}
          data={[
            { label: "All open", value: "all" },
            { label: "Mine", value: "mine" },
            { label: "Unassigned", value: "unassigned" },
          ]}
        />
      </Group>
      {queue.isPending && <LoadingState label="Loading tasks" />}
      {queue.isError && <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />}
      {queue.data && queue.data.tasks.length === 0 && (
        <EmptyState title="No open tasks">
          Nothing needs attention right now. New escalations appear here as they arrive.
        </EmptyState>
      )}
      {queue.data && queue.data.tasks.length > 0 && (
        <Table striped highlightOnHover aria-label="Open tasks sorted by SLA due time" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SLA</Table.Th>
              <Table.Th>Severity</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th>Protocol</Table.Th>
              <Table.Th>Day</Table.Th>
              <Table.Th>Assignee</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {queue.data.tasks.map((task) => {
              const due = countdown(task.slaDueAt, now);
              return (
                <Table.Tr key={task.id} data-testid="queue-row">
                  <Table.Td>
                    <Text
                      ff="monospace"
                      fw={600}
                      c={due.overdue ? "red.8" : undefined}
                      aria-label={due.overdue ? `Breached by ${due.text.slice(1)}` : `Due in ${due.text}`}
                    >
                      {due.text}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <SeverityBadge severity={task.severity} />
                  </Table.Td>
                  <Table.Td>{task.patient.displayName}</Table.Td>
                  <Table.Td>{reasonLabel(task.primaryReason)}</Table.Td>
                  <Table.Td>{task.episode?.protocol ?? "—"}</Table.Td>
                  <Table.Td>{task.episodeDay ?? "—"}</Table.Td>
                  <Table.Td>
                    {task.assignee ? (
                      task.assignee.name
                    ) : (
                      <Badge variant="outline" color="gray">
                        unassigned
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
