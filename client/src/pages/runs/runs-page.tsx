import { Alert, Button, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterInputs, RouterOutputs } from "../../lib/api-types";
import { formatDateTime, formatFull } from "../../lib/format";
import { humanDuration } from "../../lib/time";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { MetadataSummary, RunStatusBadge } from "../task/run-bits";
import { RunLogs } from "./run-logs";

type Run = RouterOutputs["runs"]["list"]["runs"][number];
type Status = NonNullable<RouterInputs["runs"]["list"]["status"]>[number];
const STATUSES: Status[] = [
  "QUEUED",
  "EXECUTING",
  "WAITING",
  "DELAYED",
  "COMPLETED",
  "FAILED",
  "CRASHED",
  "CANCELED",
  "TIMED_OUT",
];
const FINAL = new Set([
  "COMPLETED",
  "FAILED",
  "CRASHED",
  "CANCELED",
  "TIMED_OUT",
  "EXPIRED",
  "SYSTEM_FAILURE",
]);
const TAG = /^(patient|episode|task|appointment|message):[a-z0-9]{6,40}$/;

export function RunsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [tag, setTag] = useState("");
  const [taskIdentifier, setTaskIdentifier] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [f] = useDebouncedValue({ tag: tag.trim(), taskIdentifier: taskIdentifier.trim(), status }, 300);
  const tagOk = !f.tag || TAG.test(f.tag);
  const input = {
    limit: 100,
    ...(f.tag && tagOk ? { tag: f.tag } : {}),
    ...(f.taskIdentifier ? { taskIdentifier: f.taskIdentifier } : {}),
    ...(f.status ? { status: [f.status as Status] } : {}),
  };
  const runs = useQuery({
    ...trpc.runs.list.queryOptions(input),
    refetchInterval: 3_000,
    placeholderData: keepPreviousData,
  });
  const done = (title: string) => ({
    onSuccess: () => {
      notifications.show({ color: "teal", title, message: "The list refreshes in a moment." });
      void queryClient.invalidateQueries({ queryKey: trpc.runs.list.queryKey() });
    },
    onError: (err: unknown) =>
      notifications.show({ color: "red", title: "Failed", message: errorMessage(err) }),
  });
  const cancel = useMutation(trpc.runs.cancel.mutationOptions(done("Run canceled")));
  const replay = useMutation(trpc.runs.replay.mutationOptions(done("Run replayed")));
  const rows = runs.data?.runs ?? [];
  return (
    <Stack>
      <Title order={2}>Workflow runs</Title>
      <Group align="flex-end">
        <TextInput
          label="Tag"
          placeholder="patient:…, episode:…, task:…"
          w={280}
          value={tag}
          onChange={(e) => setTag(e.currentTarget.value)}
          error={tagOk ? undefined : "Use kind:id, e.g. patient:abc123"}
        />
        <TextInput
          label="Task"
          placeholder="e.g. checkin.run"
          w={200}
          value={taskIdentifier}
          onChange={(e) => setTaskIdentifier(e.currentTarget.value)}
        />
        <Select
          label="Status"
          placeholder="Any"
          clearable
          w={170}
          data={STATUSES}
          value={status}
          onChange={setStatus}
        />
      </Group>
      {runs.isPending && <LoadingState label="Loading runs" />}
      {runs.isError && <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />}
      {runs.data && rows.length === 0 && <EmptyState title="No runs match" />}
      {rows.length > 0 && (
        <Table aria-label="Workflow runs" striped fz="sm" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Run</Table.Th>
              <Table.Th>Task</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Duration</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Tags</Table.Th>
              <Table.Th>Metadata</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((run) => (
              <Fragment key={run.id}>
                <RunRowView
                  run={run}
                  expanded={open === run.id}
                  onToggle={() => setOpen(open === run.id ? null : run.id)}
                  onCancel={() => cancel.mutate({ id: run.id })}
                  onReplay={() => replay.mutate({ id: run.id })}
                  onTag={setTag}
                />
                {open === run.id && (
                  <Table.Tr>
                    <Table.Td colSpan={8}>
                      <RunDetails id={run.id} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function RunRowView(props: {
  run: Run;
  expanded: boolean;
  onToggle: () => void;
  onCancel: () => void;
  onReplay: () => void;
  onTag: (t: string) => void;
}) {
  const { run } = props;
  return (
    <Table.Tr>
      <Table.Td ff="monospace">{run.id.slice(-10)}</Table.Td>
      <Table.Td ff="monospace">{run.taskIdentifier}</Table.Td>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
      <Table.Td>{run.durationMs ? humanDuration(run.durationMs) : "—"}</Table.Td>
      <Table.Td title={formatFull(run.createdAt)}>{formatDateTime(run.createdAt)}</Table.Td>
      <Table.Td>
        <Group gap={4}>
          {run.tags.map((t) => (
            <Button
              key={t}
              size="compact-xs"
              variant="subtle"
              aria-label={`Filter by tag ${t}`}
              onClick={() => props.onTag(t)}
            >
              {t.split(":")[0]}
            </Button>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <MetadataSummary metadata={run.metadata as Record<string, unknown> | null} />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="subtle" aria-expanded={props.expanded} onClick={props.onToggle}>
            Details
          </Button>
          {!FINAL.has(run.status) && (
            <Button size="compact-xs" color="red" variant="light" onClick={props.onCancel}>
              Cancel
            </Button>
          )}
          <Button size="compact-xs" variant="light" onClick={props.onReplay}>
            Replay
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Attempts, the error and the logs live on the single-run reads, fetched only when a row is opened. */
function RunDetails({ id }: { id: string }) {
  const trpc = useTRPC();
  const run = useQuery(trpc.runs.get.queryOptions({ id }));
  if (run.isPending) return <LoadingState label="Loading run" />;
  if (run.isError) return <ErrorState error={run.error} />;
  return (
    <Stack gap={4}>
      <Text size="sm">
        Run <code>{run.data.id}</code> · attempts {run.data.attemptCount ?? "—"}
        {run.data.finishedAt ? ` · finished ${formatDateTime(run.data.finishedAt)}` : ""}
      </Text>
      {run.data.error && (
        <Alert color="red" title={run.data.error.name}>
          {run.data.error.message}
        </Alert>
      )}
      <MetadataSummary metadata={run.data.metadata as Record<string, unknown> | null} />
      <RunLogs id={run.data.id} live={!FINAL.has(run.data.status)} />
    </Stack>
  );
}
