import { useEffect } from "react";

export type QueueKey = "next" | "prev" | "open" | "claim" | "note" | "reassign" | "resolve";

const KEYS: Record<string, QueueKey> = {
  j: "next",
  k: "prev",
  Enter: "open",
  c: "claim",
  n: "note",
  r: "reassign",
  d: "resolve",
};

/**
 * Single-letter shortcuts (j/k/c/n/r/d) for a whole shift at the keyboard. They are ignored while
 * typing in a field, with a modifier held, or while a dialog is open, so they never eat text.
 */
export function useQueueKeys(enabled: boolean, onKey: (key: QueueKey) => void): void {
  useEffect(() => {
    if (!enabled) return;
    const handler = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog], [role=listbox]"))
        return;
      if (e.key === "Enter" && target?.closest("button, a")) return;
      const key = KEYS[e.key];
      if (!key) return;
      e.preventDefault();
      onKey(key);
    };
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, [enabled, onKey]);
}
