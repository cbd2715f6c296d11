import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

// Which tRPC routers show data from which tables; a change event re-queries only those.
const ROUTERS_BY_TABLE: Record<string, string[]> = {
  EscalationTask: ["task", "board", "timeline", "runs", "tcm"],
  TaskEvent: ["task", "board", "timeline"],
  Message: ["sim", "timeline", "tcm"],
  Notification: ["notification", "notifications", "task"],
  CheckIn: ["timeline", "sim"],
  Episode: ["timeline", "task", "tcm"],
  Appointment: ["tcm"],
  OnCallShift: ["board", "admin"],
  User: ["board", "admin"],
};

function invalidateTables(queryClient: QueryClient, tables: string[]): void {
  const routers = new Set(tables.flatMap((t) => ROUTERS_BY_TABLE[t] ?? []));
  void queryClient.invalidateQueries({
    predicate: (q) => {
      const path = q.queryKey[0];
      return Array.isArray(path) && typeof path[0] === "string" && routers.has(path[0]);
    },
  });
}

export type LiveStatus = "connecting" | "live" | "reconnecting";

/**
 * Subscribes to the server's change stream (/events). Views re-query as soon as the data under
 * them changes; after a dropped connection comes back, everything is re-queried once, since
 * changes may have been missed meanwhile.
 */
export function useLiveUpdates(enabled: boolean): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>("connecting");
  useEffect(() => {
    if (!enabled || typeof EventSource === "undefined") return;
    const source = new EventSource("/events");
    let wasDown = false;
    source.addEventListener("ready", () => {
      setStatus("live");
      if (wasDown) void queryClient.invalidateQueries();
      wasDown = false;
    });
    source.addEventListener("change", (e) => {
      try {
        const { tables } = JSON.parse((e as MessageEvent<string>).data) as { tables: string[] };
        invalidateTables(queryClient, tables);
      } catch {
        void queryClient.invalidateQueries();
      }
    });
    source.onerror = () => {
      wasDown = true;
      setStatus("reconnecting");
    };
    return () => source.close();
  }, [enabled, queryClient]);
  return status;
}
