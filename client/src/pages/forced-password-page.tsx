import { Button, Center, Paper, Stack, Text, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ChangePasswordForm } from "../components/change-password-form";
import { DemoNotice } from "../components/demo-notice";
import { useTRPC } from "../lib/trpc";

/**
 * After an admin's reset (or a generated first-admin password) the server lets this session do
 * nothing but change the password; this screen is all the SPA shows until then.
 */
export function ForcedPasswordPage({ name, demo }: { name: string; demo: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({ onSuccess: () => queryClient.resetQueries() }),
  );
  return (
    <Center mih="100vh" bg="var(--sequora-surface-muted)">
      <Paper withBorder shadow="sm" p="xl" w={420} aria-labelledby="forced-title">
        <Stack>
          {demo && <DemoNotice />}
          <div>
            <Title order={1} size="h3" id="forced-title">
              Choose a new password
            </Title>
            <Text c="dimmed" size="sm">
              {name}, your password was set by someone else. Choose your own to continue.
            </Text>
          </div>
          <ChangePasswordForm
            submitLabel="Save and continue"
            onDone={() => void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() })}
          />
          <Button variant="subtle" size="xs" onClick={() => signOut.mutate()}>
            Sign out
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
