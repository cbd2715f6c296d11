import { Badge, Button, Group, Stack, Table, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useNow, useServerOffset } from "../../lib/time";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { ShiftDialog } from "./shift-dialog";

export type Shift = RouterOutputs["admin"]["shifts"]["list"][number];

export function ShiftsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const shifts = useQuery(trpc.admin.shifts.list.queryOptions({ includePastDays: 1 }));
  const [editing, setEditing] = useState<Shift | "new" | null>(null);
  const remove = useMutation(
    trpc.admin.shifts.delete.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.admin.shifts.list.queryKey() }),
      onError: (err) =>
        notifications.show({ color: "red", title: "Not deleted", message: errorMessage(err) }),
    }),
  );
  // "On call now" is judged on the server's clock: in embedded mode a demo may have moved it ahead.
  const system = useQuery(trpc.auth.system.queryOptions());
  const offset = useServerOffset(system.data?.serverNow);
  const now = useNow(offset, 30_000);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>On-call shifts</Title>
        <Button onClick={() => setEditing("new")}>Add on-call shift</Button>
      </Group>
      {shifts.isPending && <LoadingState label="Loading shifts" />}
      {shifts.isError && <ErrorState error={shifts.error} onRetry={() => void shifts.refetch()} />}
      {shifts.data?.length === 0 && (
        <EmptyState title="Nobody is on call">Add a shift so new tasks can be assigned.</EmptyState>
      )}
      {shifts.data && shifts.data.length > 0 && (
        <Table aria-label="On-call shifts" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Staff</Table.Th>
              <Table.Th>Languages</Table.Th>
              <Table.Th>Starts</Table.Th>
              <Table.Th>Ends</Table.Th>
              <Table.Th>Now</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shifts.data.map((s) => {
              const live = s.startsAt <= now && s.endsAt > now;
              return (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.user.name}</Table.Td>
                  <Table.Td>{s.user.languages.join(", ")}</Table.Td>
                  <Table.Td>{formatDateTime(s.startsAt)}</Table.Td>
                  <Table.Td>{formatDateTime(s.endsAt)}</Table.Td>
                  <Table.Td>
                    {live && (
                      <Badge color="teal" variant="light">
                        on call
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        aria-label={`Edit shift of ${s.user.name}`}
                        onClick={() => setEditing(s)}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="red"
                        aria-label={`Delete shift of ${s.user.name}`}
                        onClick={() => remove.mutate({ id: s.id })}
                      >
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {editing && (
        <ShiftDialog shift={editing === "new" ? null : editing} now={now} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
