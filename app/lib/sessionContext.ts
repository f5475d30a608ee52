"use client";
import { createContext } from "react";
import type { Address } from "viem";
import type { IdentityKeyPair } from "../../core/crypto";

/** The unlocked identity of one wallet account. Lives in React state only, never in storage. */
export interface Session {
  address: Address;
  keys: IdentityKeyPair;
  /** Whether the KeyDirectory holds exactly `keys.publicKey` for `address`. */
  keyPublished: boolean;
}

export interface SessionState {
  /** The session of the connected account, or null while locked. */
  session: Session | null;
  setSession: (session: Session | null) => void;
}

export const SessionContext = createContext<SessionState | null>(null);
