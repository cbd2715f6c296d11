import { Button, Group, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { errorMessage, useTRPC } from "../lib/trpc";
import { useTaskInvalidation } from "./task-invalidation";

/** How long a claim can be taken back, like an e-mail's "undo send". */
export const UNDO_MS = 8_000;
const UNDO_EVENT = "sequora:undo-claim";

// The one claim that can still be undone (a nurse makes one claim at a time).
let undoable: { id: string; until: number } | null = null;

/** Undoes the last claim if it is still inside its window (the `u` shortcut and the toast's button). */
export function undoLastClaim(): boolean {
  if (!undoable || Date.now() > undoable.until) return false;
  window.dispatchEvent(new CustomEvent(UNDO_EVENT, { detail: undoable.id }));
  undoable = null;
  return true;
}

/**
 * Claim is not optimistic: the server decides the winner, and a loser is told who won. A claim
 * made by mistake can be undone for a few seconds: the task is released again with that reason
 * (the existing release command: it goes back to the pool and the assigner picks it up).
 */
export function useClaim() {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const release = useMutation(
    trpc.task.release.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Claim undone", message: "Back in the unassigned pool." });
        void invalidate(v.id);
      },
      onError: (err) =>
        notifications.show({ color: "red", title: "Could not undo the claim", message: errorMessage(err) }),
    }),
  );
  const { mutate: releaseTask } = release;
  const onUndo = useCallback(
    (e: Event) => {
      const id = (e as CustomEvent<string>).detail;
      notifications.hide(`claimed:${id}`);
      releaseTask({ id, reason: "Claim undone: claimed by mistake" });
    },
    [releaseTask],
  );
  useEffect(() => {
    window.addEventListener(UNDO_EVENT, onUndo);
    return () => window.removeEventListener(UNDO_EVENT, onUndo);
  }, [onUndo]);
  return useMutation(
    trpc.task.claim.mutationOptions({
      onSuccess: (_d, v) => {
        undoable = { id: v.id, until: Date.now() + UNDO_MS };
        notifications.show({
          id: `claimed:${v.id}`,
          color: "teal",
          title: "Claimed",
          autoClose: UNDO_MS,
          message: (
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm">The task is yours.</Text>
              <Button size="compact-xs" variant="light" onClick={() => undoLastClaim()}>
                Undo (u)
              </Button>
            </Group>
          ),
        });
        void invalidate(v.id);
      },
      onError: (err, v) => {
        notifications.show({ color: "red", title: "Could not claim", message: errorMessage(err) });
        void invalidate(v.id);
      },
    }),
  );
}
