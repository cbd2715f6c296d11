import { Button, Checkbox, Group, Modal, Select, Stack, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { DISPOSITIONS, type Disposition } from "../lib/api-types";
import { errorMessage, useTRPC } from "../lib/trpc";

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

/** Claim is not optimistic: the server decides the winner, and a loser is told who won. */
export function useClaim() {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  return useMutation(
    trpc.task.claim.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Claimed", message: "The task is yours." });
        void invalidate(v.id);
      },
      onError: (err, v) => {
        notifications.show({ color: "red", title: "Could not claim", message: errorMessage(err) });
        void invalidate(v.id);
      },
    }),
  );
}

interface DialogProps {
  taskId: string | null;
  onClose: () => void;
}

export function ReleaseDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const [reason, setReason] = useState("");
  const release = useMutation(
    trpc.task.release.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Released", message: "Back in the unassigned pool." });
        setReason("");
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (taskId) release.mutate({ id: taskId, reason });
  };
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Release task">
      <Stack component="form" onSubmit={submit}>
        <Textarea
          label="Reason for releasing"
          description="Required: the next nurse sees it on the task's history."
          required
          minLength={3}
          autosize
          minRows={2}
          data-autofocus
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={release.isError ? errorMessage(release.error) : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={release.isPending} disabled={reason.trim().length < 3}>
            Release
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ReassignDialog({ taskIds, onClose }: { taskIds: string[] | null; onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const [to, setTo] = useState<string | null>(null);
  const staff = useQuery({ ...trpc.task.assignees.queryOptions(), enabled: taskIds !== null });
  const reassign = useMutation(
    trpc.task.reassign.mutationOptions({
      onSuccess: (results) => {
        const failed = results.filter((r) => !r.ok);
        notifications.show({
          color: failed.length ? "orange" : "teal",
          title: failed.length ? `${failed.length} of ${results.length} not reassigned` : "Reassigned",
          message: failed.map((f) => (f.ok ? "" : f.error)).join("; ") || "The new assignee was notified.",
        });
        void invalidate(taskIds?.[0]);
        onClose();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (taskIds && to) reassign.mutate({ ids: taskIds, toUserId: to });
  };
  return (
    <Modal opened={taskIds !== null} onClose={onClose} title="Reassign task">
      <Stack component="form" onSubmit={submit}>
        <Select
          label="Reassign to"
          placeholder={staff.isPending ? "Loading staff…" : "Pick a nurse"}
          searchable
          required
          data-autofocus
          data={(staff.data ?? []).map((s) => ({
            value: s.id,
            label: `${s.name} (${s.languages.join("/")}, ${s.openTasks}/${s.capacity} open)`,
          }))}
          value={to}
          onChange={setTo}
          error={
            staff.isError
              ? errorMessage(staff.error)
              : reassign.isError
                ? errorMessage(reassign.error)
                : undefined
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={reassign.isPending} disabled={!to}>
            Reassign
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function NoteDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const [text, setText] = useState("");
  const [contact, setContact] = useState(false);
  const addNote = useMutation(
    trpc.task.addNote.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({
          color: "teal",
          title: "Note added",
          message: v.contact ? "Contact documented: the SLA clock has stopped." : "Saved to the task.",
        });
        setText("");
        setContact(false);
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (taskId) addNote.mutate({ id: taskId, text, contact });
  };
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Add note">
      <Stack component="form" onSubmit={submit}>
        <Textarea
          label="Note"
          required
          autosize
          minRows={3}
          data-autofocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={addNote.isError ? errorMessage(addNote.error) : undefined}
        />
        <Checkbox
          label="Documented contact with the patient (stops the SLA clock)"
          checked={contact}
          onChange={(e) => setContact(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={addNote.isPending} disabled={!text.trim()}>
            Save note
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function ResolveDialog({ taskId, onClose }: DialogProps) {
  const trpc = useTRPC();
  const invalidate = useTaskInvalidation();
  const [disposition, setDisposition] = useState<Disposition | null>(null);
  const [note, setNote] = useState("");
  const resolve = useMutation(
    trpc.task.resolve.mutationOptions({
      onSuccess: (_d, v) => {
        notifications.show({ color: "teal", title: "Resolved", message: "The task is closed." });
        setDisposition(null);
        setNote("");
        void invalidate(v.id);
        onClose();
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (taskId && disposition) resolve.mutate({ id: taskId, disposition, ...(note.trim() ? { note } : {}) });
  };
  return (
    <Modal opened={taskId !== null} onClose={onClose} title="Resolve task">
      <Stack component="form" onSubmit={submit}>
        <Select
          label="Disposition"
          placeholder="What was the outcome?"
          required
          data-autofocus
          data={DISPOSITIONS.map((d) => ({ value: d.value, label: d.label }))}
          value={disposition}
          onChange={(v) => setDisposition(v as Disposition | null)}
        />
        <Textarea
          label="Closing note (optional)"
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={resolve.isError ? errorMessage(resolve.error) : undefined}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={resolve.isPending} disabled={!disposition}>
            Resolve
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
