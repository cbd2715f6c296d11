import { Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { useTRPC } from "../../lib/trpc";
import { ClinicAvailabilityDialog, describeRule } from "./clinic-availability-dialog";
import { ClinicCancelDialog } from "./clinic-cancel-dialog";
import { ClinicianDialog } from "./clinic-clinician-dialog";
import { ClinicDialog } from "./clinic-dialog";

export type Clinic = RouterOutputs["visit"]["clinics"]["list"][number];
export type Clinician = Clinic["clinicians"][number];

type Editing =
  | { kind: "clinic"; clinic: Clinic | null }
  | { kind: "clinician"; clinicId: string; clinician: Clinician | null }
  | { kind: "availability"; clinician: Clinician }
  | { kind: "cancel"; clinician: Clinician }
  | null;

/** Admin: clinics, their clinicians and each clinician's weekly availability (which makes the slots). */
export function ClinicsPage() {
  const trpc = useTRPC();
  const clinics = useQuery(trpc.visit.clinics.list.queryOptions());
  const [editing, setEditing] = useState<Editing>(null);
  const close = () => setEditing(null);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Clinics</Title>
        <Button onClick={() => setEditing({ kind: "clinic", clinic: null })}>Add clinic</Button>
      </Group>
      {clinics.isPending && <LoadingState label="Loading clinics" />}
      {clinics.isError && <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} />}
      {clinics.data?.length === 0 && (
        <EmptyState title="No clinics yet">
          Add a clinic so patients can be offered follow-up visits.
        </EmptyState>
      )}
      {clinics.data?.map((clinic) => (
        <Card key={clinic.id} withBorder component="section" aria-label={clinic.name}>
          <Group justify="space-between" align="flex-start">
            <div>
              <Title order={3}>
                {clinic.name} {!clinic.active && <Badge color="gray">inactive</Badge>}
              </Title>
              <Text size="sm">
                {clinic.address} · {clinic.phone} · {clinic.timeZone}
              </Text>
              {clinic.holidays.length > 0 && <Text size="sm">Holidays: {clinic.holidays.join(", ")}</Text>}
            </div>
            <Group gap="xs">
              <Button variant="light" onClick={() => setEditing({ kind: "clinic", clinic })}>
                Edit clinic
              </Button>
              <Button
                variant="light"
                onClick={() => setEditing({ kind: "clinician", clinicId: clinic.id, clinician: null })}
              >
                Add clinician
              </Button>
            </Group>
          </Group>
          <Table aria-label={`Clinicians at ${clinic.name}`} mt="sm" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Clinician</Table.Th>
                <Table.Th>Languages</Table.Th>
                <Table.Th>Availability</Table.Th>
                <Table.Th>Upcoming slots</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {clinic.clinicians.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.name} {!c.active && <Badge color="gray">inactive</Badge>}
                  </Table.Td>
                  <Table.Td>{c.languages.join(", ")}</Table.Td>
                  <Table.Td>
                    {c.rules.length === 0
                      ? "None set"
                      : c.rules.map((r) => <div key={r.id}>{describeRule(r)}</div>)}
                    {c.exceptions.length > 0 && <div>Off: {c.exceptions.map((e) => e.date).join(", ")}</div>}
                  </Table.Td>
                  <Table.Td>
                    {c.upcoming.free} free, {c.upcoming.held} held, {c.upcoming.booked} booked
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Button
                        size="compact-xs"
                        variant="light"
                        aria-label={`Edit ${c.name}`}
                        onClick={() => setEditing({ kind: "clinician", clinicId: clinic.id, clinician: c })}
                      >
                        Edit
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        aria-label={`Availability of ${c.name}`}
                        onClick={() => setEditing({ kind: "availability", clinician: c })}
                      >
                        Availability
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="red"
                        aria-label={`Cancel a day for ${c.name}`}
                        onClick={() => setEditing({ kind: "cancel", clinician: c })}
                      >
                        Cancel a day
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
      {editing?.kind === "clinic" && <ClinicDialog clinic={editing.clinic} onClose={close} />}
      {editing?.kind === "clinician" && (
        <ClinicianDialog clinicId={editing.clinicId} clinician={editing.clinician} onClose={close} />
      )}
      {editing?.kind === "availability" && (
        <ClinicAvailabilityDialog clinician={editing.clinician} onClose={close} />
      )}
      {editing?.kind === "cancel" && <ClinicCancelDialog clinician={editing.clinician} onClose={close} />}
    </Stack>
  );
}
