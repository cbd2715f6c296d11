import { Alert, Button, Card, Grid, Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ErrorState, LoadingState } from "../../components/states";
import { useTaskInvalidation } from "../../components/task-dialogs";
import type { BoardTask, ReassignResult } from "../../lib/api-types";
import { useNow, useServerOffset } from "../../lib/time";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { BoardLanes } from "./board-lanes";
import { Compliance, NurseLoad, Roster } from "./board-side";
import { OutcomesSection } from "./outcomes-section";

export function BoardPage() {
  const trpc = useTRPC();
  const board = useQuery({ ...trpc.board.get.queryOptions({ limit: 2000 }), refetchInterval: 3_000 });
  const staffQ = useQuery(trpc.task.assignees.queryOptions());
  const now = useNow(useServerOffset(board.data?.serverNow));
  const invalidate = useTaskInvalidation();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTo, setBulkTo] = useState<string | null>(null);
  const [results, setResults] = useState<ReassignResult[] | null>(null);
  // Labels captured when a task is picked (or sent from its card): one that closes meanwhile
  // leaves the board (live), yet its result row must still say which task it was.
  const [labels, setLabels] = useState<Map<string, string>>(new Map());
  const reassign = useMutation(
    trpc.task.reassign.mutationOptions({
      onSuccess: (r) => {
        setResults(r);
        setSelected(new Set());
        void invalidate();
      },
    }),
  );
  const staff = useMemo(
    () =>
      (staffQ.data ?? []).map((s) => ({
        value: s.id,
        label: `${s.name} (${s.openTasks}/${s.capacity}${s.languages.includes("ES") ? ", ES" : ""})`,
      })),
    [staffQ.data],
  );
  const byId = useMemo(() => {
    const m = new Map<string, BoardTask>();
    for (const lane of Object.values(board.data?.lanes ?? {})) for (const t of lane) m.set(t.id, t);
    return m;
  }, [board.data]);
  if (board.isPending) return <LoadingState label="Loading the SLA board" />;
  if (board.isError && !board.data)
    return <ErrorState error={board.error} onRetry={() => void board.refetch()} />;
  const remember = (ids: string[]) =>
    setLabels((prev) => {
      const next = new Map(prev);
      for (const id of ids) if (!next.has(id)) next.set(id, labelFor(byId.get(id)));
      return next;
    });
  const send = (ids: string[], toUserId: string) => {
    remember(ids);
    reassign.mutate({ ids, toUserId });
  };
  const toggle = (id: string, on: boolean) => {
    if (on) remember([id]);
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  };
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>SLA board</Title>
        {board.isError && (
          <Text c="red" size="sm" role="status">
            Connection lost; retrying…
          </Text>
        )}
      </Group>
      <Card withBorder p="sm" component="section" aria-label="Bulk reassign">
        <Group align="flex-end">
          <Text size="sm" aria-live="polite">
            {selected.size} selected
          </Text>
          <Select
            label="Reassign selected to"
            w={260}
            data={staff}
            value={bulkTo}
            onChange={setBulkTo}
            searchable
          />
          <Button
            disabled={!bulkTo || selected.size === 0}
            loading={reassign.isPending}
            onClick={() => bulkTo && send([...selected], bulkTo)}
          >
            Reassign selected
          </Button>
          {selected.size > 0 && (
            <Button variant="subtle" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
          )}
        </Group>
        {reassign.isError && (
          <Alert color="red" mt="sm" role="alert">
            {errorMessage(reassign.error)}
          </Alert>
        )}
        {results && <ResultsTable results={results} labels={labels} onClose={() => setResults(null)} />}
      </Card>
      <BoardLanes
        board={board.data}
        now={now}
        selected={selected}
        onToggle={toggle}
        staff={staff}
        onReassign={(taskId, to) => send([taskId], to)}
      />
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <NurseLoad board={board.data} now={now} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Roster board={board.data} now={now} />
        </Grid.Col>
      </Grid>
      <Compliance />
      <OutcomesSection />
    </Stack>
  );
}

function labelFor(t: BoardTask | undefined): string {
  return t ? `${t.patient.displayName} · ${t.primaryReason}` : "Task";
}

function ResultsTable(props: {
  results: ReassignResult[];
  labels: Map<string, string>;
  onClose: () => void;
}) {
  const failed = props.results.filter((r) => !r.ok).length;
  return (
    <Stack gap="xs" mt="sm">
      <Group justify="space-between">
        <Text size="sm" fw={600} role="status">
          {props.results.length - failed} reassigned, {failed} failed
        </Text>
        <Button size="xs" variant="subtle" onClick={props.onClose}>
          Dismiss
        </Button>
      </Group>
      <Table aria-label="Reassign results" fz="sm" verticalSpacing={2}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Task</Table.Th>
            <Table.Th>Result</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.results.map((r) => (
            <Table.Tr key={r.taskId}>
              <Table.Td>{props.labels.get(r.taskId) ?? r.taskId}</Table.Td>
              <Table.Td c={r.ok ? "teal" : "red"}>{r.ok ? "Reassigned" : r.error}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
