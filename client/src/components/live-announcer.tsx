import { VisuallyHidden } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "../lib/trpc";

/**
 * Tells a screen reader about new notices for me (a task assigned to me, an SLA warning or breach)
 * as they arrive through the live stream, without moving the focus: breaches interrupt
 * (assertive), the rest waits for a pause (polite). Notices present at sign-in are not repeated.
 */
export function LiveAnnouncer() {
  const trpc = useTRPC();
  const inbox = useQuery(trpc.notification.list.queryOptions({ limit: 30 }, { refetchInterval: 60_000 }));
  const seen = useRef<Set<string> | null>(null);
  const [polite, setPolite] = useState("");
  const [assertive, setAssertive] = useState("");
  useEffect(() => {
    const items = inbox.data?.items;
    if (!items) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((n) => n.id));
      return;
    }
    const fresh = items.filter((n) => !seen.current?.has(n.id) && !n.readAt);
    for (const n of items) seen.current.add(n.id);
    if (fresh.length === 0) return;
    const say = (list: typeof fresh) =>
      list.map((n) => `${n.title}${n.patientName ? `: ${n.patientName}` : ""}`).join(". ");
    const urgent = fresh.filter((n) => /BREACH/.test(n.kind));
    const rest = fresh.filter((n) => !/BREACH/.test(n.kind));
    if (urgent.length) setAssertive(say(urgent));
    if (rest.length) setPolite(say(rest));
  }, [inbox.data]);
  return (
    <VisuallyHidden>
      <div role="status" aria-live="polite" aria-label="Announcements" data-testid="live-announcer">
        {polite}
      </div>
      <div role="alert" aria-live="assertive" aria-label="Urgent announcements">
        {assertive}
      </div>
    </VisuallyHidden>
  );
}
