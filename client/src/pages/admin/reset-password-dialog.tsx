import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { errorMessage, useTRPC } from "../../lib/trpc";

/**
 * Confirm, then show the temporary password once: it is not stored in clear anywhere, and the
 * person must replace it at their next sign-in (their open sessions end now).
 */
export function ResetPasswordDialog({
  staff,
  onClose,
}: {
  staff: { id: string; name: string };
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const reset = useMutation(trpc.admin.staff.resetPassword.mutationOptions());
  const password = reset.data?.temporaryPassword;
  return (
    <Modal opened onClose={onClose} title={`Reset password for ${staff.name}`}>
      <Stack>
        {!password && (
          <Text size="sm">
            {staff.name} will be signed out everywhere and must choose a new password after signing in with a
            temporary one.
          </Text>
        )}
        {password && (
          <>
            <Text size="sm">
              Give this temporary password to {staff.name} privately. It is shown only now.
            </Text>
            <Group gap="xs">
              <Code fz="md" aria-label="Temporary password">
                {password}
              </Code>
              <CopyButton value={password}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="light" onClick={copy}>
                    {copied ? "Copied" : "Copy"}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </>
        )}
        {reset.isError && (
          <Alert color="red" role="alert">
            {errorMessage(reset.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          {password ? (
            <Button onClick={onClose}>Done</Button>
          ) : (
            <>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button color="red" loading={reset.isPending} onClick={() => reset.mutate({ id: staff.id })}>
                Reset password
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
