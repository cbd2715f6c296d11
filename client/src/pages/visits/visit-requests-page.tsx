import { Badge, Button, Group, Modal, Stack, Table, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { DialogFooter } from "../../components/dialog-footer";
import { SlotPicker } from "../../components/slot-picker";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import type { RouterOutputs } from "../../lib/api-types";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { VisitsToMark } from "./visits-to-mark";

type Request = RouterOutputs["visit"]["requests"][number];

/** Visit requests patients made by text: approve, reject with a reason, or propose another time. */
export function VisitRequestsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const requests = useQuery({ ...trpc.visit.requests.queryOptions(), refetchInterval: 15_000 });
  const [rejecting, setRejecting] = useState<Request | null>(null);
  const [changing, setChanging] = useState<Request | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.visit.requests.queryKey() });
  const failed = (err: unknown) =>
    notifications.show({ color: "red", title: "Not saved", message: errorMessage(err as Error) });
  const approve = useMutation(
    trpc.visit.approve.mutationOptions({
      onSuccess: () => {
        notifications.show({
          color: "teal",
          title: "Approved",
          message: "The patient gets the confirmation.",
        });
        refresh();
      },
      onError: failed,
    }),
  );
  return (
    <Stack>
      <Title order={2}>Visit requests</Title>
      {requests.isPending && <LoadingState label="Loading visit requests" />}
      {requests.isError && <ErrorState error={requests.error} onRetry={() => void requests.refetch()} />}
      {requests.data?.length === 0 && (
        <EmptyState title="No visit requests">Requests patients make by text appear here.</EmptyState>
      )}
      {requests.data && requests.data.length > 0 && (
        <Table aria-label="Visit requests" striped verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Requested time</Table.Th>
              <Table.Th>Clinician</Table.Th>
              <Table.Th>Decide by</Table.Th>
              <Table.Th>Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {requests.data.map((r) => {
              const name = `${r.patient.firstName} ${r.patient.lastName}`;
              const slot = r.slot ?? r.proposedSlot;
              return (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {name} {r.patient.preferredLanguage === "ES" && <Badge variant="light">ES</Badge>}
                  </Table.Td>
                  <Table.Td>
                    {slot ? formatDateTime(slot.startsAt) : "—"}{" "}
                    {r.status === "CHANGE_PROPOSED" && (
                      <Badge color="grape">proposed, waiting for patient</Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{slot?.clinician.name ?? "—"}</Table.Td>
                  <Table.Td>{formatDateTime(r.dueAt)}</Table.Td>
                  <Table.Td>
                    {r.status === "PENDING" && (
                      <Group gap={4}>
                        <Button
                          size="compact-xs"
                          aria-label={`Approve visit for ${name}`}
                          onClick={() => approve.mutate({ id: r.id })}
                        >
                          Approve
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="light"
                          aria-label={`Change time for ${name}`}
                          onClick={() => setChanging(r)}
                        >
                          Change time
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="light"
                          color="red"
                          aria-label={`Reject visit for ${name}`}
                          onClick={() => setRejecting(r)}
                        >
                          Reject
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {rejecting && <RejectDialog request={rejecting} onClose={() => setRejecting(null)} onDone={refresh} />}
      {changing && <ChangeDialog request={changing} onClose={() => setChanging(null)} onDone={refresh} />}
      <VisitsToMark />
    </Stack>
  );
}

function RejectDialog(props: { request: Request; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const reject = useMutation(
    trpc.visit.reject.mutationOptions({
      onSuccess: () => {
        props.onDone();
        props.onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={props.onClose} title="Reject visit request">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          reject.mutate({ id: props.request.id, reason });
        }}
      >
        <Stack>
          <TextInput
            label="Reason (kept for the record; the patient is offered new times)"
            required
            minLength={2}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reject.error ? errorMessage(reject.error) : null}
          />
          <DialogFooter onCancel={props.onClose} submitLabel="Reject" loading={reject.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

function ChangeDialog(props: { request: Request; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const [slotId, setSlotId] = useState<string | null>(null);
  const change = useMutation(
    trpc.visit.proposeChange.mutationOptions({
      onSuccess: () => {
        props.onDone();
        props.onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={props.onClose} title="Propose another time">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (slotId) change.mutate({ id: props.request.id, slotId });
        }}
      >
        <Stack>
          <SlotPicker
            label="New time"
            value={slotId}
            onChange={setSlotId}
            language={props.request.patient.preferredLanguage}
          />
          {change.error && <div role="alert">{errorMessage(change.error)}</div>}
          <DialogFooter
            onCancel={props.onClose}
            submitLabel="Propose to patient"
            loading={change.isPending}
            disabled={!slotId}
          />
        </Stack>
      </form>
    </Modal>
  );
}
