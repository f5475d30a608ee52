"use client";
import { useMemo, useState, type ReactNode } from "react";
import { useAccount } from "wagmi";
import { IdentityContext, type Identity } from "../lib/identityContext";

/**
 * Keeps the derived identity keys in memory for the connected account. Switching account
 * or disconnecting drops them (the next account must unlock its own keys).
 */
export function IdentityProvider({ children }: { children: ReactNode }) {
  const { address } = useAccount();
  const [stored, setIdentity] = useState<Identity | null>(null);
  const identity = stored && address && stored.address.toLowerCase() === address.toLowerCase() ? stored : null;

  // Another account (or none): drop the keys during this render, so they never outlive the switch.
  if (stored && !identity) setIdentity(null);

  const value = useMemo(() => ({ identity, setIdentity }), [identity]);
  return <IdentityContext.Provider value={value}>{children}</IdentityContext.Provider>;
}
