import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { ResetPasswordDialog } from "./reset-password-dialog";

type Staff = RouterOutputs["admin"]["staff"]["list"][number];
type Role = Staff["role"];
type Lang = Staff["languages"][number];

export function StaffPage() {
  const trpc = useTRPC();
  const staff = useQuery(trpc.admin.staff.list.queryOptions());
  const [editing, setEditing] = useState<Staff | "new" | null>(null);
  const [resetting, setResetting] = useState<Staff | null>(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Staff</Title>
        <Button onClick={() => setEditing("new")}>Add staff member</Button>
      </Group>
      {staff.isPending && <LoadingState label="Loading staff" />}
      {staff.isError && <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />}
      {staff.data?.length === 0 && <EmptyState title="No staff yet" />}
      {staff.data && staff.data.length > 0 && (
        <Table aria-label="Staff" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Languages</Table.Th>
              <Table.Th>Pager (SMS)</Table.Th>
              <Table.Th>Open / capacity</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {staff.data.map((u) => (
              <Table.Tr key={u.id}>
                <Table.Td>{u.name}</Table.Td>
                <Table.Td>{u.email}</Table.Td>
                <Table.Td>{u.role.toLowerCase()}</Table.Td>
                <Table.Td>{u.languages.map((l) => (l === "ES" ? "Spanish" : "English")).join(", ")}</Table.Td>
                <Table.Td>
                  {u.phone ??
                    (u.role === "ADMIN" ? (
                      "–"
                    ) : (
                      <Badge
                        color="orange"
                        variant="light"
                        title="Assignments and alerts reach this person in the app only"
                      >
                        no phone: in-app only
                      </Badge>
                    ))}
                </Table.Td>
                <Table.Td>
                  {u.openTasks} / {u.capacity}
                </Table.Td>
                <Table.Td>
                  <Badge color={u.active ? "teal" : "gray"} variant="light">
                    {u.active ? "active" : "inactive"}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="light"
                    aria-label={`Edit ${u.name}`}
                    onClick={() => setEditing(u)}
                  >
                    Edit
                  </Button>{" "}
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Reset password for ${u.name}`}
                    onClick={() => setResetting(u)}
                  >
                    Reset password
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {resetting && <ResetPasswordDialog staff={resetting} onClose={() => setResetting(null)} />}
      {editing && <StaffDialog staff={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}

function StaffDialog({ staff, onClose }: { staff: Staff | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: staff?.name ?? "",
    email: staff?.email ?? "",
    role: (staff?.role ?? "NURSE") as Role,
    languages: (staff?.languages ?? ["EN"]) as Lang[],
    capacity: staff?.capacity ?? 10,
    phone: staff?.phone ?? "",
    active: staff?.active ?? true,
    password: "",
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const done = (title: string) => {
    notifications.show({ color: "teal", title, message: form.name });
    void queryClient.invalidateQueries({ queryKey: trpc.admin.staff.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.task.assignees.queryKey() });
    onClose();
  };
  const create = useMutation(
    trpc.admin.staff.create.mutationOptions({ onSuccess: () => done("Staff member added") }),
  );
  const update = useMutation(trpc.admin.staff.update.mutationOptions({ onSuccess: () => done("Saved") }));
  const error = create.error ?? update.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { password, phone, ...rest } = form;
    const data = { ...rest, phone: phone.trim() || null };
    if (staff) update.mutate({ id: staff.id, data });
    else create.mutate({ ...data, password });
  };
  return (
    <Modal opened onClose={onClose} title={staff ? `Edit ${staff.name}` : "Add staff member"}>
      <Stack component="form" onSubmit={submit}>
        <TextInput
          label="Full name"
          required
          data-autofocus
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
        />
        <TextInput
          label="Email"
          type="email"
          required
          value={form.email}
          onChange={(e) => set({ email: e.currentTarget.value })}
        />
        <Select
          label="Role"
          required
          allowDeselect={false}
          data={[
            { value: "NURSE", label: "Nurse" },
            { value: "SUPERVISOR", label: "Supervisor" },
            { value: "ADMIN", label: "Admin" },
          ]}
          value={form.role}
          onChange={(v) => v && set({ role: v as Role })}
        />
        <Checkbox.Group
          label="Languages"
          required
          value={form.languages}
          onChange={(v) => set({ languages: v as Lang[] })}
        >
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
          value={form.capacity}
          onChange={(v) => set({ capacity: typeof v === "number" ? v : 0 })}
        />
        <TextInput
          label="Mobile phone (for urgent pages)"
          placeholder="+12025550100"
          value={form.phone}
          onChange={(e) => set({ phone: e.currentTarget.value })}
        />
        {staff ? (
          <Switch
            label="Active"
            checked={form.active}
            onChange={(e) => set({ active: e.currentTarget.checked })}
          />
        ) : (
          <PasswordInput
            label="Initial password"
            description="At least 12 characters, not a well-known one; share it privately."
            required
            minLength={12}
            value={form.password}
            onChange={(e) => set({ password: e.currentTarget.value })}
          />
        )}
        {error && (
          <Alert color="red" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {staff ? "Save" : "Add"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
