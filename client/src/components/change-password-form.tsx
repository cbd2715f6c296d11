import { Alert, Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import { type FormEvent, useState } from "react";
import { errorMessage, useTRPC } from "../lib/trpc";

// The server's rule (server/auth/password-policy.ts) is the authority; this only saves a round trip.
const MIN_LENGTH = 12;

/** Field messages from the server's zod check, else the error's own message. */
function readableError(err: unknown): string {
  if (err instanceof TRPCClientError) {
    const fields = (err.data as { zodError?: { fieldErrors?: Record<string, string[]> } } | undefined)
      ?.zodError?.fieldErrors;
    const first = fields && Object.values(fields).flat()[0];
    if (first) return first;
  }
  return errorMessage(err);
}

export function ChangePasswordForm({
  onDone,
  onCancel,
  submitLabel = "Change password",
}: {
  onDone: () => void;
  onCancel?: () => void;
  submitLabel?: string;
}) {
  const trpc = useTRPC();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const change = useMutation(trpc.auth.changePassword.mutationOptions({ onSuccess: onDone }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (next.length < MIN_LENGTH)
      return setLocalError(`The new password needs at least ${MIN_LENGTH} characters`);
    if (next !== confirm) return setLocalError("The two new passwords differ");
    setLocalError(null);
    change.mutate({ currentPassword: current, newPassword: next });
  };
  const error = localError ?? (change.isError ? readableError(change.error) : null);
  return (
    <Stack component="form" onSubmit={submit} aria-label="Change password">
      <PasswordInput
        label="Current password"
        autoComplete="current-password"
        required
        data-autofocus
        value={current}
        onChange={(e) => setCurrent(e.currentTarget.value)}
      />
      <PasswordInput
        label="New password"
        description={`At least ${MIN_LENGTH} characters; a few words make a good one.`}
        autoComplete="new-password"
        required
        value={next}
        onChange={(e) => setNext(e.currentTarget.value)}
      />
      <PasswordInput
        label="Repeat the new password"
        autoComplete="new-password"
        required
        value={confirm}
        onChange={(e) => setConfirm(e.currentTarget.value)}
      />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        {onCancel && (
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" loading={change.isPending}>
          {submitLabel}
        </Button>
      </Group>
    </Stack>
  );
}
