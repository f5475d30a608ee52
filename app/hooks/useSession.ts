"use client";
import { useContext } from "react";
import { SessionContext, type SessionState } from "../lib/sessionContext";

/** The in-memory identity session of the connected account (null while locked). */
export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (value === null) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}
