"use client";
import { createContext } from "react";
import type { Address, Hex } from "viem";
import type { IdentityKeyPair } from "@cairn/core/crypto";

/** The unlocked identity of one wallet account. Lives in React state only, never in storage. */
export interface Identity {
  address: Address;
  keys: IdentityKeyPair;
  /** Whether the KeyDirectory holds exactly `keys.publicKey` for `address`. */
  keyPublished: boolean;
  /**
   * Set when `keys` is a version-1 key (derived from the earlier message, which any site can ask
   * for; PROTOCOL.md §3.4): this site's identity-message signature, to move to its key.
   */
  migration?: { signature: Hex };
}

export interface IdentityState {
  /** The identity of the connected account, or null while locked. */
  identity: Identity | null;
  setIdentity: (identity: Identity | null) => void;
}

export const IdentityContext = createContext<IdentityState | null>(null);
