import { Alert, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addHours, format, isValid, parse, startOfHour } from "date-fns";
import { DialogFooter } from "../../components/dialog-footer";
import { errorMessage, useTRPC } from "../../lib/trpc";
import type { Shift } from "./shifts-page";

const LOCAL = "yyyy-MM-dd'T'HH:mm";

export function ShiftDialog({
  shift,
  now,
  onClose,
}: {
  shift: Shift | null;
  now: Date;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const staff = useQuery(trpc.admin.staff.list.queryOptions());
  const start = shift?.startsAt ?? addHours(startOfHour(now), 1);
  const form = useForm<{ userId: string | null; startsAt: string; endsAt: string }>({
    initialValues: {
      userId: shift?.user.id ?? null,
      startsAt: format(start, LOCAL),
      endsAt: format(shift?.endsAt ?? addHours(start, 12), LOCAL),
    },
  });
  const { userId, startsAt, endsAt } = form.values;
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
  const submit = form.onSubmit(() => {
    if (!valid || !userId) return;
    const data = { userId, startsAt: s, endsAt: e };
    if (shift) update.mutate({ id: shift.id, data });
    else create.mutate(data);
  });
  const options = (staff.data ?? [])
    .filter((u) => u.active && u.role !== "ADMIN")
    .map((u) => ({ value: u.id, label: `${u.name} (${u.languages.join("/")})` }));
  return (
    <Modal opened onClose={onClose} title={shift ? "Edit on-call shift" : "Add on-call shift"}>
      <form onSubmit={submit}>
        <Stack>
          <Select
            label="Staff member"
            required
            searchable
            data-autofocus
            placeholder={staff.isPending ? "Loading…" : "Pick a nurse"}
            data={options}
            {...form.getInputProps("userId")}
          />
          <TextInput label="Starts" type="datetime-local" required {...form.getInputProps("startsAt")} />
          <TextInput
            label="Ends"
            type="datetime-local"
            required
            {...form.getInputProps("endsAt")}
            error={isValid(s) && isValid(e) && e <= s ? "Must be after the start" : undefined}
          />
          {error && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <DialogFooter
            onCancel={onClose}
            submitLabel="Save shift"
            disabled={!valid}
            loading={create.isPending || update.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
