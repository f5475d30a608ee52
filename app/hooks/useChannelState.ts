"use client";
import { useMemo } from "react";
import type { ChannelSnapshot } from "@cairn/core/chain";
import { channelLabel } from "../lib/channelLabel";
import { useIndexedChannel } from "./useChainIndex";

/** A channel's state with its display name, from an index snapshot (undefined until read). */
export const labelledState = (snapshot: ChannelSnapshot | undefined) =>
  snapshot?.state && { ...snapshot.state, ...channelLabel(snapshot.state.channelId, snapshot.state.isPublic ? snapshot.state.metadata.bytes : null) };

/** A channel's state (admin, members, epoch…) plus a display name, from the tab's chain index. */
export function useChannelState(channelId: bigint | undefined) {
  const snapshot = useIndexedChannel(channelId);
  const data = useMemo(() => labelledState(snapshot), [snapshot]);
  return { data, error: data ? undefined : snapshot?.error, isPending: data === undefined && snapshot?.error === undefined };
}
