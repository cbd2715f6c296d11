import {
  Alert,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Paper,
  ScrollArea,
  Select,
  Stack,
  Text,
  Textarea,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../../components/states";
import { formatDateTime } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";

const NOT_ON_PHONE = new Set(["PENDING", "SUPPRESSED", "CANCELED", "FAILED", "UNDELIVERED"]);

/** Embedded mode only: plays the patient's phone against the local SMS outbox. */
export function SimulatorPage() {
  const trpc = useTRPC();
  const patients = useQuery({ ...trpc.sim.patients.queryOptions(), refetchInterval: 10_000 });
  const [patientId, setPatientId] = useState<string | null>(null);
  const patient = patients.data?.find((p) => p.id === patientId);
  return (
    <Stack maw={720}>
      <Title order={2}>Patient phone simulator</Title>
      <Text size="sm" c="dimmed">
        Demo only: texts stay on this machine. Pick a patient to see what their phone received and reply as
        them.
      </Text>
      {patients.isPending && <LoadingState label="Loading patients" />}
      {patients.isError && <ErrorState error={patients.error} onRetry={() => void patients.refetch()} />}
      {patients.data && (
        <Select
          label="Patient"
          placeholder="Pick a patient"
          searchable
          data={patients.data.map((p) => ({ value: p.id, label: `${p.displayName} · ${p.phone}` }))}
          value={patientId}
          onChange={setPatientId}
        />
      )}
      {patient && (
        <Group gap="xs">
          <Badge variant="outline">{patient.language === "ES" ? "Spanish" : "English"}</Badge>
          <Badge variant="light" color={patient.consentStatus === "GRANTED" ? "teal" : "gray"}>
            consent {patient.consentStatus.toLowerCase()}
          </Badge>
          {patient.optedOut && <Badge color="red">opted out</Badge>}
        </Group>
      )}
      {patientId && <Phone patientId={patientId} />}
    </Stack>
  );
}

function Phone({ patientId }: { patientId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const conversation = useQuery({
    ...trpc.sim.conversation.queryOptions({ patientId }),
    refetchInterval: 1_500,
  });
  const [body, setBody] = useState("");
  const reply = useMutation(
    trpc.sim.reply.mutationOptions({
      onSuccess: () => {
        setBody("");
        void queryClient.invalidateQueries({ queryKey: trpc.sim.conversation.queryKey({ patientId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.sim.patients.queryKey() });
      },
    }),
  );
  const bottom = useRef<HTMLDivElement>(null);
  const count = conversation.data?.messages.length ?? 0;
  useEffect(() => {
    if (count > 0) bottom.current?.scrollIntoView({ block: "end" });
  }, [count]);
  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (body.trim()) reply.mutate({ patientId, body: body.trim() });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey) send(e);
  };
  const all = conversation.data?.messages ?? [];
  // The phone shows only what reached it; texts held for quiet hours or by policy did not.
  const messages = all.filter((m) => m.direction === "INBOUND" || !NOT_ON_PHONE.has(m.status));
  const waiting = all.filter((m) => m.direction === "OUTBOUND" && m.status === "PENDING").length;
  return (
    <Card withBorder component="section" aria-label="Phone" bg="var(--sequora-surface-muted)">
      {conversation.isPending && <LoadingState label="Loading texts" />}
      {conversation.isError && (
        <ErrorState error={conversation.error} onRetry={() => void conversation.refetch()} />
      )}
      {conversation.data && messages.length === 0 && <EmptyState title="No texts yet" />}
      <ScrollArea.Autosize mah={440}>
        <Stack gap="xs" role="log" aria-label="Conversation" p="xs">
          {messages.map((m) => {
            const mine = m.direction === "INBOUND";
            return (
              <Box key={m.id} style={{ alignSelf: mine ? "flex-end" : "flex-start", maxWidth: "80%" }}>
                <Paper
                  p="xs"
                  radius="lg"
                  bg={mine ? "var(--mantine-color-teal-filled)" : "var(--mantine-color-body)"}
                  c={mine ? "white" : undefined}
                  withBorder={!mine}
                >
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {m.body}
                  </Text>
                </Paper>
                <Text size="xs" c="dimmed" ta={mine ? "right" : "left"}>
                  {formatDateTime(m.createdAt)} · {m.status.toLowerCase()}
                </Text>
              </Box>
            );
          })}
          <div ref={bottom} />
        </Stack>
      </ScrollArea.Autosize>
      {waiting > 0 && (
        <Text size="xs" c="dimmed" role="status">
          {waiting} {waiting === 1 ? "text is" : "texts are"} scheduled and not sent yet (e.g. quiet hours).
        </Text>
      )}
      <Group component="form" onSubmit={send} align="flex-end" mt="sm">
        <Textarea
          label="Reply as the patient"
          style={{ flex: 1 }}
          autosize
          minRows={1}
          maxRows={4}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
        <Button type="submit" loading={reply.isPending} disabled={!body.trim()}>
          Send
        </Button>
      </Group>
      {reply.isError && (
        <Alert color="red" role="alert" mt="xs">
          {errorMessage(reply.error)}
        </Alert>
      )}
    </Card>
  );
}
