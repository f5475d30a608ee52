"use client";
import { useMemo } from "react";
import { keyChangedMembers, keyChangesOf, staleKeyMembers, type ChannelMember, type KeyRecord } from "@cairn/core/chain";
import { useChainIndex, useWatchedKeys } from "./useChainIndex";

/**
 * The published key of each member (null if none, or none usable), the members who replaced their key after
 * joining (their safety number changed) and those of them whose channel keys are still sealed to
 * the earlier key (`stale`: they cannot read until the admin seals the keys again), from the tab's
 * chain index (one view of their key records, then KeyPublished logs in its one stream).
 * Addresses in the sets are lower case; `data` is undefined until every record is read.
 */
export function useMemberKeys(members: readonly ChannelMember[] | undefined) {
  const index = useChainIndex();
  const accounts = useMemo(() => members?.map((m) => m.account) ?? [], [members]);
  const version = useWatchedKeys(accounts);
  const data = useMemo(() => {
    if (!index || !members || members.length === 0 || version === "") return undefined;
    const records = accounts.map((account) => index.keyRecord(account));
    if (records.some((record) => record === undefined)) return undefined;
    const known = records as KeyRecord[];
    const changes = keyChangesOf(known);
    const keyOf = new Map(known.map((record) => [record.account.toLowerCase(), record.key]));
    const changed = new Set(keyChangedMembers(members, changes).map((account) => account.toLowerCase()));
    const stale = new Set(staleKeyMembers(members, changes).map((account) => account.toLowerCase()));
    return { keyOf, changed, stale };
  }, [index, members, accounts, version]);
  return { data };
}
