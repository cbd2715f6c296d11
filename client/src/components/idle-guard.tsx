import { Button, Group, Modal, Text } from "@mantine/core";
import { hashKey, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTRPC } from "../lib/trpc";

const WARN_BEFORE_MS = 2 * 60_000;
const ACTIVITY_EVERY_MS = 60_000;

/**
 * Idle sign-out: the server ends a session after SESSION_IDLE_MINUTES without activity. A click
 * or key press tells it someone is here (at most once a minute); two minutes before the end the
 * nurse is warned and can stay signed in. At the end the page re-asks who is signed in, and the
 * server's answer (nobody) brings back the sign-in form with nothing of the last user cached.
 */
export function IdleGuard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const deadline = useRef<number | null>(null);
  const lastPing = useRef(0);
  const [remainingMs, setRemainingMs] = useState<number | null>(null);
  const remaining = me.data?.idleRemainingMs ?? null;
  useEffect(() => {
    if (remaining !== null) deadline.current = Date.now() + remaining;
  }, [remaining]);
  const keepAlive = useMutation(
    trpc.auth.keepAlive.mutationOptions({
      onSuccess: (r) => {
        if (r.idleRemainingMs !== null) deadline.current = Date.now() + r.idleRemainingMs;
        setRemainingMs(null);
      },
    }),
  );
  const { mutate } = keepAlive;
  const stay = useCallback(() => {
    lastPing.current = Date.now();
    mutate();
  }, [mutate]);
  useEffect(() => {
    const onActivity = () => {
      if (Date.now() - lastPing.current >= ACTIVITY_EVERY_MS) stay();
    };
    window.addEventListener("pointerdown", onActivity);
    window.addEventListener("keydown", onActivity);
    return () => {
      window.removeEventListener("pointerdown", onActivity);
      window.removeEventListener("keydown", onActivity);
    };
  }, [stay]);
  const meHash = hashKey(trpc.auth.me.queryKey());
  useEffect(() => {
    const timer = setInterval(() => {
      if (deadline.current === null) return;
      const left = deadline.current - Date.now();
      if (left <= 0) {
        deadline.current = null;
        queryClient.removeQueries({ predicate: (q) => q.queryHash !== meHash });
        void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        return;
      }
      setRemainingMs(left <= WARN_BEFORE_MS ? left : null);
    }, 1_000);
    return () => clearInterval(timer);
  }, [queryClient, trpc, meHash]);
  const minutes = remainingMs === null ? 0 : Math.max(1, Math.ceil(remainingMs / 60_000));
  return (
    <Modal opened={remainingMs !== null} onClose={stay} title="Still there?" centered>
      <Text mb="md">
        You will be signed out in {minutes} minute{minutes === 1 ? "" : "s"} for inactivity.
      </Text>
      <Group justify="flex-end">
        <Button onClick={stay} loading={keepAlive.isPending}>
          Stay signed in
        </Button>
      </Group>
    </Modal>
  );
}
