"use client";
import { useSyncExternalStore } from "react";
import { readPendingInvites, subscribePendingInvites, type PendingInvite } from "../lib/pendingInvites";
import { useIdentity } from "./useIdentity";

const NONE: readonly PendingInvite[] = [];

/** The unlocked admin's invitations waiting for the invitee's key, optionally of one channel. */
export function usePendingInvites(channelId?: bigint): readonly PendingInvite[] {
  const { identity } = useIdentity();
  const admin = identity?.address;
  const all = useSyncExternalStore(
    subscribePendingInvites,
    () => (admin ? readPendingInvites(admin) : NONE),
    () => NONE,
  );
  return channelId === undefined ? all : all.filter((invite) => invite.channelId === channelId.toString());
}
