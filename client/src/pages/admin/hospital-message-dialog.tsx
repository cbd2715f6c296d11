import { Alert, Badge, Button, Code, Group, List, Modal, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorState, LoadingState } from "../../components/states";
import { formatFull } from "../../lib/format";
import { errorMessage, useTRPC } from "../../lib/trpc";
import { type HospitalMessage, RESULT_LABELS } from "./hospital-message-labels";

/**
 * The stored message, a segment a line, and its replay. Opening it is an audited PHI read (the
 * server records it), so it loads only when an admin asks for it.
 */
export function HospitalMessageDialog({
  message,
  onClose,
}: {
  message: HospitalMessage;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const raw = useQuery(trpc.hospitalFeed.raw.queryOptions({ id: message.id }, { staleTime: Infinity }));
  const replay = useMutation(
    trpc.hospitalFeed.replay.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.hospitalFeed.pathKey() });
      },
    }),
  );
  const result = RESULT_LABELS[message.result];
  const fhir = message.format === "FHIR";
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={`${message.messageType ?? "Message"} ${message.controlId}`}
    >
      <Stack gap="sm">
        <Group gap="xs">
          <Badge variant="light" color={result.color}>
            {result.label}
          </Badge>
          <Text size="sm">
            from {message.sendingFacility || "(no facility)"} over {message.transport}, received{" "}
            {formatFull(message.receivedAt)};{" "}
            {fhir
              ? `answered HTTP ${message.ackCode ?? "(none yet)"}`
              : `ACK ${message.ackCode ?? "not sent"}`}
          </Text>
        </Group>
        {message.reason && <Text size="sm">{message.reason}</Text>}
        {raw.isPending && <LoadingState label="Loading the raw message" />}
        {raw.isError && <ErrorState error={raw.error} onRetry={() => void raw.refetch()} />}
        {raw.data && (
          <>
            <Text size="xs" c="dimmed">
              {raw.data.bytes.toLocaleString()} bytes, shown as {raw.data.encoding}
              {raw.data.truncated ? " (only the start is shown)" : ""}. Contains patient information; this
              view is recorded.
            </Text>
            {/* The block itself scrolls, so it is the focusable region (keyboard users scroll it too). */}
            <Code
              block
              tabIndex={0}
              role="region"
              aria-label={fhir ? "Raw FHIR Bundle" : "Raw HL7 message"}
              mah={360}
              style={{ whiteSpace: "pre", overflow: "auto" }}
            >
              {raw.data.segments.join("\n")}
            </Code>
            {raw.data.replays.length > 0 && (
              <Stack gap={4}>
                <Text size="sm" fw={600}>
                  Replays
                </Text>
                <List size="sm">
                  {raw.data.replays.map((r) => (
                    <List.Item key={r.id}>
                      {formatFull(r.createdAt)}: {RESULT_LABELS[r.result].label}
                      {r.reason ? ` (${r.reason})` : ""}
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
          </>
        )}
        {replay.isError && (
          <Alert color="red" role="alert">
            {errorMessage(replay.error)}
          </Alert>
        )}
        {replay.data && (
          <Alert color={replay.data.alreadyApplied ? "gray" : "teal"} role="status">
            Replayed: {RESULT_LABELS[replay.data.result].label}
            {replay.data.reason ? `. ${replay.data.reason}` : ""}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button loading={replay.isPending} onClick={() => replay.mutate({ id: message.id })}>
            Replay message
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
