import { Button, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { formatDateTime } from "../lib/format";
import { errorMessage, useTRPC } from "../lib/trpc";
import { DialogFooter } from "./dialog-footer";
import { SlotPicker } from "./slot-picker";

/**
 * "Book visit": a nurse who has just talked with the patient books a free clinic time for the
 * episode (`visit.book`); the patient gets the confirmation text at once. Booking over an existing
 * visit replaces it (the server frees the old slot).
 */
export function BookVisitButton(props: {
  episodeId: string;
  language: "EN" | "ES";
  /** Show it only when the episode has no booked visit (and no waiting request). */
  onlyWithoutVisit?: boolean;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const visit = useQuery(trpc.visit.episodeVisit.queryOptions({ episodeId: props.episodeId }));
  if (props.onlyWithoutVisit && (visit.data?.booked || visit.data?.requested || !visit.data)) return null;
  return (
    <>
      <Button variant="light" onClick={() => setOpen(true)}>
        Book visit
      </Button>
      {open && (
        <BookVisitDialog
          {...props}
          bookedAt={visit.data?.booked?.at ?? null}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function BookVisitDialog(props: {
  episodeId: string;
  language: "EN" | "ES";
  bookedAt: Date | null;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [slotId, setSlotId] = useState<string | null>(null);
  const book = useMutation(
    trpc.visit.book.mutationOptions({
      onSuccess: () => {
        notifications.show({
          color: "teal",
          title: "Visit booked",
          message: "The patient gets the confirmation.",
        });
        void queryClient.invalidateQueries({ queryKey: trpc.visit.episodeVisit.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.visit.slots.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.timeline.patient.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.tcm.get.queryKey() });
        props.onClose();
      },
    }),
  );
  return (
    <Modal opened onClose={props.onClose} title="Book a follow-up visit">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (slotId) book.mutate({ episodeId: props.episodeId, slotId });
        }}
      >
        <Stack>
          {props.bookedAt && (
            <Text size="sm">
              Booked now: {formatDateTime(props.bookedAt)}. A new time replaces it and frees that slot.
            </Text>
          )}
          <SlotPicker label="Free time" value={slotId} onChange={setSlotId} language={props.language} />
          {book.error && <div role="alert">{errorMessage(book.error)}</div>}
          <DialogFooter
            onCancel={props.onClose}
            submitLabel="Book visit"
            loading={book.isPending}
            disabled={!slotId}
          />
        </Stack>
      </form>
    </Modal>
  );
}
