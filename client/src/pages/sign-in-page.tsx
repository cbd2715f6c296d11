import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { DemoNotice } from "../components/demo-notice";
import { errorMessage, useTRPC } from "../lib/trpc";

export function SignInPage({ demo }: { demo: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate({ email, password });
  };
  return (
    <Center mih="100vh" bg="var(--sequora-surface-muted)">
      <Paper
        component="form"
        onSubmit={submit}
        withBorder
        shadow="sm"
        p="xl"
        w={380}
        aria-labelledby="sign-in-title"
      >
        <Stack>
          <div>
            <Title order={1} size="h3" id="sign-in-title">
              Sign in to Sequora
            </Title>
            <Text c="dimmed" size="sm">
              Post-discharge follow-up for care teams
            </Text>
          </div>
          {demo && <DemoNotice />}
          {signIn.isError && (
            <Alert color="red" role="alert" title="Could not sign in">
              {errorMessage(signIn.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
        </Stack>
      </Paper>
    </Center>
  );
}
