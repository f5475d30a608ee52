"use client";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { describeError } from "../lib/describeError";
import { NotificationsContext, type Notification } from "../lib/notificationsContext";

const infoLifetimeMs = 5_000;

/** Holds the toasts and renders them; errors stay until dismissed, info fades. */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notification[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((n) => n.id !== id)), []);

  const push = useCallback(
    (kind: Notification["kind"], text: string) => {
      const id = nextId.current++;
      // The same text twice in a row (e.g. a retry failing again) is shown once.
      setItems((list) => [...list.filter((n) => n.text !== text), { id, kind, text }].slice(-4));
      if (kind === "info") setTimeout(() => dismiss(id), infoLifetimeMs);
    },
    [dismiss],
  );

  const value = useMemo(
    () => ({
      items,
      dismiss,
      notifyInfo: (text: string) => push("info", text),
      notifyError: (error: unknown, context?: string) =>
        push("error", context ? `${context}: ${describeError(error)}` : describeError(error)),
    }),
    [items, dismiss, push],
  );

  return (
    <NotificationsContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {items.map((n) => (
          <div key={n.id} className={`toast toast-${n.kind}`} data-testid={n.kind === "error" ? "error-toast" : "info-toast"}>
            <span>{n.text}</span>
            <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </NotificationsContext.Provider>
  );
}
