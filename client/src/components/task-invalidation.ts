import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../lib/trpc";

/** Refresh only what a task command changes: the queue, that task, and the board. */
export function useTaskInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (taskId?: string) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.task.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.board.get.queryKey() }),
      taskId ? queryClient.invalidateQueries({ queryKey: trpc.task.get.queryKey({ id: taskId }) }) : null,
      queryClient.invalidateQueries({ queryKey: trpc.timeline.patient.queryKey() }),
    ]);
}
