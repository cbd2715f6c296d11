import { useEffect, useRef } from "react";

/**
 * Single-key shortcuts on the whole page. Like the queue's, they are ignored while typing in a
 * field, with Ctrl/Cmd/Alt held, or inside a dialog or an open list, so they never eat text.
 */
export function useShortcuts(enabled: boolean, keys: Record<string, () => void>): void {
  const latest = useRef(keys);
  latest.current = keys;
  useEffect(() => {
    if (!enabled) return;
    const handler = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable=true], [role=dialog], [role=listbox]"))
        return;
      const action = latest.current[e.key];
      if (!action) return;
      e.preventDefault();
      action();
    };
    window.addEventListener("keydown", handler);
    return () => window.removeEventListener("keydown", handler);
  }, [enabled]);
}
