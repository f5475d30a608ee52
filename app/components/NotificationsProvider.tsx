"use client";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { describeError } from "../lib/describeError";
import { NotificationsContext, type Notification } from "../lib/notificationsContext";

/** How long a toast stays: it covers the top right of the page (the channel's header controls). */
const TOAST_MS = 10_000;

function Toast({ item, dismiss }: { item: Notification; dismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(item.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [item.id, dismiss]);
  return (
    <div className="toast toast-error" data-testid="error-toast">
      <span>{item.text}</span>
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(item.id)}>
        ×
      </button>
    </div>
  );
}

/** Holds the error toasts and renders them; each goes after TOAST_MS or when dismissed (at most four). */
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
          <Toast key={n.id} item={n} dismiss={dismiss} />
        ))}
      </div>
    </NotificationsContext.Provider>
  );
}
