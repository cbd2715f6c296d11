import { Alert, Card, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useRealtimeRunsWithTag } from "@trigger.dev/react-hooks";
import { LoadingState } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { MetadataSummary, RunStatusBadge } from "./run-bits";

/** Workflow runs of one patient, live from the run engine (embedded or Trigger.dev) via its realtime API. */
export default function PatientRunsPanel({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const tag = `patient:${patientId}`;
  // The token is read-only, scoped to this tag and lives two minutes (so it dies soon after
  // sign-out); a fresh one is minted every minute while the panel is open.
  const access = useQuery({
    ...trpc.runs.access.queryOptions({ tags: [tag] }),
    staleTime: 60_000,
    refetchInterval: 60_000,
  });
  return (
    <Card withBorder component="section" aria-labelledby="runs-title">
      <Title order={3} size="h5" id="runs-title" mb="xs">
        Workflow runs
      </Title>
      {access.isPending && <LoadingState label="Connecting to the run engine" />}
      {access.isError && (
        <Alert color="gray" title="Live run status unavailable">
          {errorMessage(access.error)}
        </Alert>
      )}
      {access.data && <LiveRuns tag={tag} {...access.data} />}
    </Card>
  );
}

function LiveRuns({
  tag,
  publicAccessToken,
  baseURL,
}: {
  tag: string;
  publicAccessToken: string;
  baseURL: string;
}) {
  const { runs, error } = useRealtimeRunsWithTag(tag, { accessToken: publicAccessToken, baseURL });
  if (error) {
    return (
      <Alert color="orange" title="Live updates interrupted">
        {error.message}
      </Alert>
    );
  }
  if (runs.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No workflow runs for this patient yet.
      </Text>
    );
  }
  const sorted = [...runs].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return (
    <Table aria-label="Workflow runs of this patient" verticalSpacing={4} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Task</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Waiting for</Table.Th>
          <Table.Th>Started</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.map((run) => (
          <Table.Tr key={run.id}>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {run.taskIdentifier}
              </Text>
            </Table.Td>
            <Table.Td>
              <RunStatusBadge status={run.status} />
            </Table.Td>
            <Table.Td>
              <MetadataSummary metadata={run.metadata} />
            </Table.Td>
            <Table.Td>{formatDateTime(run.createdAt)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
