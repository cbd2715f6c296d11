import { Button, Group, Table, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Link } from "wouter";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";

/** Past visits nobody marked yet: did the patient come? (A task opens when one stays unmarked.) */
export function VisitsToMark() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery({ ...trpc.visit.toMark.queryOptions(), refetchInterval: 30_000 });
  const mark = useMutation(
    trpc.visit.recordOutcome.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.visit.toMark.queryKey() }),
      onError: (err) => notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) }),
    }),
  );
  if (!q.data || q.data.length === 0) return null;
  return (
    <>
      <Title order={3}>Past visits to mark</Title>
      <Table aria-label="Past visits to mark" striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Visit</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Did the patient come?</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {q.data.map((v) => (
            <Table.Tr key={v.id}>
              <Table.Td>
                <Link href={`/patients/${v.patientId}`}>{v.patientName}</Link>
              </Table.Td>
              <Table.Td>{formatDateTime(v.scheduledAt)}</Table.Td>
              <Table.Td>
                {v.clinician ? `${v.clinician}, ` : ""}
                {v.place}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Button
                    size="compact-xs"
                    aria-label={`${v.patientName} attended`}
                    onClick={() => mark.mutate({ appointmentId: v.id, outcome: "ATTENDED" })}
                  >
                    Attended
                  </Button>
                  <Button
                    size="compact-xs"
                    color="orange"
                    variant="light"
                    aria-label={`${v.patientName} did not come`}
                    onClick={() => mark.mutate({ appointmentId: v.id, outcome: "NO_SHOW" })}
                  >
                    No-show
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
