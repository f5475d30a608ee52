"use client";
import { useContext } from "react";
import { NotificationsContext, type Notifications } from "../lib/notificationsContext";

/** The app-wide toast list: `notifyError(error)` shows the error's short message. */
export function useNotify(): Notifications {
  const value = useContext(NotificationsContext);
  if (value === null) throw new Error("useNotify must be used inside <NotificationsProvider>");
  return value;
}
