import { Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";

type Appointment = RouterOutputs["visit"]["patientAppointments"][number];

const STATUS: Record<Appointment["status"], { label: string; color: string }> = {
  SCHEDULED: { label: "booked", color: "blue" },
  CONFIRMED: { label: "confirmed", color: "teal" },
  COMPLETED: { label: "attended", color: "green" },
  MISSED: { label: "no-show", color: "orange" },
  CANCELED: { label: "cancelled", color: "gray" },
};

/** The patient's follow-up visits: mark a past one attended or no-show, mark a ride booked. */
export function AppointmentCard({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const q = useQuery(trpc.visit.patientAppointments.queryOptions({ patientId }));
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.visit.patientAppointments.queryKey({ patientId }) });
    void queryClient.invalidateQueries({ queryKey: trpc.visit.toMark.queryKey() });
  };
  const failed = (err: unknown) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(err as Error) });
  const outcome = useMutation(
    trpc.visit.recordOutcome.mutationOptions({ onSuccess: refresh, onError: failed }),
  );
  const ride = useMutation(trpc.visit.rideBooked.mutationOptions({ onSuccess: refresh, onError: failed }));
  if (!q.data || q.data.length === 0) return null;
  return (
    <Card withBorder component="section" aria-label="Follow-up visits" mb="md">
      <Stack gap="xs">
        <Title order={3} size="h4">
          Follow-up visits
        </Title>
        <Table withRowBorders={false} verticalSpacing={4} aria-label="Appointments">
          <Table.Tbody>
            {q.data.map((a) => (
              <Table.Tr key={a.id} data-testid={`appointment-${a.id}`}>
                <Table.Td>
                  <Text size="sm">{formatDateTime(a.scheduledAt)}</Text>
                  <Text size="xs" c="dimmed">
                    {a.clinician ? `${a.clinician}, ` : ""}
                    {a.place}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    <Badge color={STATUS[a.status].color} variant="light">
                      {STATUS[a.status].label}
                    </Badge>
                    {a.transportNeeded && (
                      <Badge color={a.rideBookedAt ? "teal" : "yellow"} variant="outline">
                        {a.rideBookedAt ? "ride booked" : "needs a ride"}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end">
                    {a.canMark && a.status !== "COMPLETED" && (
                      <Button
                        size="compact-xs"
                        aria-label={`Mark the visit of ${formatDateTime(a.scheduledAt)} attended`}
                        onClick={() => outcome.mutate({ appointmentId: a.id, outcome: "ATTENDED" })}
                      >
                        Attended
                      </Button>
                    )}
                    {a.canMark && a.status !== "MISSED" && a.status !== "COMPLETED" && (
                      <Button
                        size="compact-xs"
                        color="orange"
                        variant="light"
                        aria-label={`Mark the visit of ${formatDateTime(a.scheduledAt)} a no-show`}
                        onClick={() => outcome.mutate({ appointmentId: a.id, outcome: "NO_SHOW" })}
                      >
                        No-show
                      </Button>
                    )}
                    {a.transportNeeded &&
                      !a.rideBookedAt &&
                      (a.status === "SCHEDULED" || a.status === "CONFIRMED") &&
                      !a.canMark && (
                        <Button
                          size="compact-xs"
                          variant="light"
                          aria-label={`Mark the ride to the visit of ${formatDateTime(a.scheduledAt)} booked`}
                          onClick={() => ride.mutate({ appointmentId: a.id })}
                        >
                          Ride booked
                        </Button>
                      )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}
