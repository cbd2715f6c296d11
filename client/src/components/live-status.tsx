import { Badge, Tooltip } from "@mantine/core";
import { useLiveUpdates } from "../lib/live";

/** Keeps open views in step with the server and says so; "reconnecting" when the stream dropped. */
export function LiveStatus() {
  const status = useLiveUpdates(true);
  const label = status === "live" ? "Live" : status === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <Tooltip
      label={
        status === "live"
          ? "Changes appear as they happen"
          : "Trying to reconnect; views refresh on their own meanwhile"
      }
    >
      <Badge
        role="status"
        aria-live="polite"
        aria-label={`Live updates: ${label}`}
        color={status === "live" ? "teal" : "yellow"}
        variant="dot"
        style={{
          position: "fixed",
          right: 16,
          bottom: 16,
          zIndex: 200,
          background: "var(--mantine-color-body)",
        }}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}
