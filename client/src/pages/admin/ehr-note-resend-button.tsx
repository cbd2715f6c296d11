import { Button, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "../../lib/trpc";

/**
 * An admin's re-send of a FAILED note: a new durable send under the note's own id, so the EHR
 * files it once even if an earlier attempt did land. Used on the task page and the notes list.
 */
export function ResendNoteButton({
  noteId,
  label,
  onResent,
}: {
  noteId: string;
  label: string;
  onResent?: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(
    trpc.ehrNote.resend.mutationOptions({
      onSuccess: () => onResent?.(),
      onSettled: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.ehrNote.pathKey() });
      },
    }),
  );
  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        color="red"
        aria-label={label}
        loading={resend.isPending}
        onClick={() => resend.mutate({ id: noteId })}
      >
        Re-send
      </Button>
      {resend.isError && (
        <Text size="xs" c="red" role="alert">
          {errorMessage(resend.error)}
        </Text>
      )}
    </>
  );
}
