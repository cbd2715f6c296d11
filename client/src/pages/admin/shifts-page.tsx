import { Alert, Badge, Button, Group, Modal, Select, Stack, Table, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addHours, format, isValid, parse, startOfHour } from "date-fns";
import { type FormEvent, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { useNow, useServerOffset } from "../../lib/time";
import { errorMessage, useTRPC } from "../../lib/trpc";

type Shift = RouterOutputs["admin"]["shifts"]["list"][number];
const LOCAL = "yyyy-MM-dd'T'HH:mm";

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

function ShiftDialog({ shift, now, onClose }: { shift: Shift | null; now: Date; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.admin.staff.list.queryOptions());
  const start = shift?.startsAt ?? addHours(startOfHour(now), 1);
  const [userId, setUserId] = useState<string | null>(shift?.user.id ?? null);
  const [startsAt, setStartsAt] = useState(format(start, LOCAL));
  const [endsAt, setEndsAt] = useState(format(shift?.endsAt ?? addHours(start, 12), LOCAL));
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.admin.shifts.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.board.get.queryKey() });
    notifications.show({ color: "teal", title: "Shift saved", message: "The roster is updated." });
    onClose();
  };
  const create = useMutation(trpc.admin.shifts.create.mutationOptions({ onSuccess: done }));
  const update = useMutation(trpc.admin.shifts.update.mutationOptions({ onSuccess: done }));
  const error = create.error ?? update.error;
  // datetime-local values are wall-clock times in the viewer's zone; date-fns parses them as such.
  const s = parse(startsAt, LOCAL, new Date());
  const e = parse(endsAt, LOCAL, new Date());
  const valid = userId !== null && isValid(s) && isValid(e) && e > s;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!valid || !userId) return;
    const data = { userId, startsAt: s, endsAt: e };
    if (shift) update.mutate({ id: shift.id, data });
    else create.mutate(data);
  };
  const options = (staff.data ?? [])
    .filter((u) => u.active && u.role !== "ADMIN")
    .map((u) => ({ value: u.id, label: `${u.name} (${u.languages.join("/")})` }));
  return (
    <Modal opened onClose={onClose} title={shift ? "Edit on-call shift" : "Add on-call shift"}>
      <Stack component="form" onSubmit={submit}>
        <Select
          label="Staff member"
          required
          searchable
          data-autofocus
          placeholder={staff.isPending ? "Loading…" : "Pick a nurse"}
          data={options}
          value={userId}
          onChange={setUserId}
        />
        <TextInput
          label="Starts"
          type="datetime-local"
          required
          value={startsAt}
          onChange={(ev) => setStartsAt(ev.currentTarget.value)}
        />
        <TextInput
          label="Ends"
          type="datetime-local"
          required
          value={endsAt}
          onChange={(ev) => setEndsAt(ev.currentTarget.value)}
          error={isValid(s) && isValid(e) && e <= s ? "Must be after the start" : undefined}
        />
        {error && (
          <Alert color="red" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" disabled={!valid} loading={create.isPending || update.isPending}>
            Save shift
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
