"use client";
import { createContext } from "react";

export interface Notification {
  id: number;
  text: string;
}

export interface Notifications {
  items: readonly Notification[];
  /** Shows an error's one-line description (see describeError) until dismissed. */
  notifyError: (error: unknown, context?: string) => void;
  dismiss: (id: number) => void;
}

export const NotificationsContext = createContext<Notifications | null>(null);
