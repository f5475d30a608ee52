"use client";
import { useIndexSnapshot } from "./useChainIndex";

/** Ids of the channels the connected account belongs to, ascending, from the tab's chain index. */
export function useJoinedChannels() {
  const { channels, error } = useIndexSnapshot();
  return {
    data: channels,
    isPending: channels === undefined && error === undefined,
    /** Why the channels could not be read yet (a typed RPC error). */
    error: channels === undefined && error !== undefined ? (error as Error) : null,
  };
}
