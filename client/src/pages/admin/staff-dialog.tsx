import {
  Alert,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { DialogFooter } from "../../components/dialog-footer";
import { errorMessage, useTRPC } from "../../lib/trpc";
import type { Staff } from "./staff-page";

type Role = Staff["role"];
type Lang = Staff["languages"][number];

export function StaffDialog({ staff, onClose }: { staff: Staff | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: staff?.name ?? "",
      email: staff?.email ?? "",
      role: (staff?.role ?? "NURSE") as Role,
      languages: (staff?.languages ?? ["EN"]) as Lang[],
      capacity: (staff?.capacity ?? 10) as number | string,
      phone: staff?.phone ?? "",
      active: staff?.active ?? true,
      password: "",
    },
  });
  const done = (title: string) => {
    notifications.show({ color: "teal", title, message: form.values.name });
    void queryClient.invalidateQueries({ queryKey: trpc.admin.staff.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.task.assignees.queryKey() });
    onClose();
  };
  const create = useMutation(
    trpc.admin.staff.create.mutationOptions({ onSuccess: () => done("Staff member added") }),
  );
  const update = useMutation(trpc.admin.staff.update.mutationOptions({ onSuccess: () => done("Saved") }));
  const error = create.error ?? update.error;
  const submit = form.onSubmit((values) => {
    const { password, phone, capacity, ...rest } = values;
    // A cleared number field reads as "": no capacity means none.
    const data = {
      ...rest,
      capacity: typeof capacity === "number" ? capacity : 0,
      phone: phone.trim() || null,
    };
    if (staff) update.mutate({ id: staff.id, data });
    else create.mutate({ ...data, password });
  });
  return (
    <Modal opened onClose={onClose} title={staff ? `Edit ${staff.name}` : "Add staff member"}>
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Full name" required data-autofocus {...form.getInputProps("name")} />
          <TextInput label="Email" type="email" required {...form.getInputProps("email")} />
          <Select
            label="Role"
            required
            allowDeselect={false}
            data={[
              { value: "NURSE", label: "Nurse" },
              { value: "SUPERVISOR", label: "Supervisor" },
              { value: "ADMIN", label: "Admin" },
            ]}
            {...form.getInputProps("role")}
          />
          <Checkbox.Group label="Languages" required {...form.getInputProps("languages")}>
            <Group mt={4}>
              <Checkbox value="EN" label="English" />
              <Checkbox value="ES" label="Spanish" />
            </Group>
          </Checkbox.Group>
          <NumberInput
            label="Capacity (open tasks)"
            min={0}
            max={100}
            required
            {...form.getInputProps("capacity")}
          />
          <TextInput
            label="Mobile phone (for urgent pages)"
            placeholder="+12025550100"
            {...form.getInputProps("phone")}
          />
          {staff ? (
            <Switch label="Active" {...form.getInputProps("active", { type: "checkbox" })} />
          ) : (
            <PasswordInput
              label="Initial password"
              description="At least 12 characters, not a well-known one; share it privately."
              required
              minLength={12}
              {...form.getInputProps("password")}
            />
          )}
          {error && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <DialogFooter
            onCancel={onClose}
            submitLabel={staff ? "Save" : "Add"}
            loading={create.isPending || update.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
