"use client";
import { useEffect, useMemo, useState, type ReactNode } from "react";
import { useAccount } from "wagmi";
import { SessionContext, type Session } from "../lib/sessionContext";

/**
 * Keeps the derived identity keys in memory for the connected account. Switching account
 * or disconnecting drops them (the next account must unlock its own keys).
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { address } = useAccount();
  const [stored, setSession] = useState<Session | null>(null);
  const session = stored && address && stored.address.toLowerCase() === address.toLowerCase() ? stored : null;

  useEffect(() => {
    if (stored && !session) setSession(null);
  }, [stored, session]);

  const value = useMemo(() => ({ session, setSession }), [session]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
