"use client";
import { useCallback, useMemo, useRef, useState, type ReactNode } from "react";
import { describeError } from "../lib/describeError";
import { NotificationsContext, type Notification } from "../lib/notificationsContext";

/** Holds the error toasts and renders them; each stays until dismissed (at most four). */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<Notification[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setItems((list) => list.filter((n) => n.id !== id)), []);

  const push = useCallback((text: string) => {
    const id = nextId.current++;
    // The same text again (e.g. a retry failing the same way) replaces the older toast.
    setItems((list) => [...list.filter((n) => n.text !== text), { id, text }].slice(-4));
  }, []);

  const value = useMemo(
    () => ({
      items,
      dismiss,
      notifyError: (error: unknown, context?: string) =>
        push(context ? `${context}: ${describeError(error)}` : describeError(error)),
    }),
    [items, dismiss, push],
  );

  return (
    <NotificationsContext.Provider value={value}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {items.map((n) => (
          <div key={n.id} className="toast toast-error" data-testid="error-toast">
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
