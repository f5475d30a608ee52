"use client";
import { getAddress, type Address } from "viem";
import { createExternalStore } from "@cairn/core/createExternalStore";
import { appConfig } from "./config";
import { subscribeStored } from "./subscribeStored";

/**
 * Invitations an admin made to accounts that have not published an encryption key yet. Not
 * secret (channel id, address, an option): kept in localStorage per chain and admin, so they
 * survive a reload and complete once the invitee's key appears in the KeyDirectory.
 */
export interface PendingInvite {
  channelId: string;
  account: Address;
  shareHistory: boolean;
}

const changes = createExternalStore(null);
const cache = new Map<string, readonly PendingInvite[]>();
const EMPTY: readonly PendingInvite[] = [];

const storageKey = (admin: string) => `cairn:pending-invites:${appConfig.chainId}:${admin.toLowerCase()}`;

const sameInvite = (a: PendingInvite, b: Pick<PendingInvite, "channelId" | "account">) =>
  a.channelId === b.channelId && a.account.toLowerCase() === b.account.toLowerCase();

function parse(raw: string | null): readonly PendingInvite[] {
  if (!raw) return EMPTY;
  try {
    const items: unknown = JSON.parse(raw);
    if (!Array.isArray(items)) return EMPTY;
    return items.flatMap((item: Partial<PendingInvite>) =>
      typeof item.channelId === "string" && /^\d+$/.test(item.channelId) && typeof item.account === "string"
        ? [{ channelId: item.channelId, account: getAddress(item.account), shareHistory: item.shareHistory === true }]
        : [],
    );
  } catch {
    return EMPTY;
  }
}

/** The admin's pending invites (a stable array per content, for useSyncExternalStore). */
export function readPendingInvites(admin: string): readonly PendingInvite[] {
  const key = storageKey(admin);
  if (!cache.has(key)) cache.set(key, parse(typeof localStorage === "undefined" ? null : localStorage.getItem(key)));
  return cache.get(key)!;
}

function write(admin: string, invites: readonly PendingInvite[]) {
  const key = storageKey(admin);
  cache.set(key, invites);
  if (invites.length === 0) localStorage.removeItem(key);
  else localStorage.setItem(key, JSON.stringify(invites));
  changes.notify();
}

export function addPendingInvite(admin: string, invite: PendingInvite): void {
  const current = readPendingInvites(admin);
  write(admin, [...current.filter((item) => !sameInvite(item, invite)), invite]);
}

export function removePendingInvite(admin: string, invite: Pick<PendingInvite, "channelId" | "account">): void {
  write(admin, readPendingInvites(admin).filter((item) => !sameInvite(item, invite)));
}

export function subscribePendingInvites(listener: () => void): () => void {
  return subscribeStored(changes, (key) => key.startsWith("cairn:pending-invites:"), listener, (key) => cache.delete(key));
}
