import { Badge, Button, Group, Stack, Table, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { useTRPC } from "../../lib/trpc";
import { ResetPasswordDialog } from "./reset-password-dialog";
import { StaffDialog } from "./staff-dialog";

export type Staff = RouterOutputs["admin"]["staff"]["list"][number];

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
