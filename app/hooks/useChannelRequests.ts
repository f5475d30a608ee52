"use client";
import { useSyncExternalStore } from "react";
import type { ChannelState } from "@cairn/core/chain";
import { channelRequests } from "@cairn/core/channel";
import { answerRequest, NO_CONSENT, readConsent, subscribeConsent, type ConsentScope } from "../lib/channelConsent";
import { appConfig } from "../lib/config";
import { appDeployment } from "../lib/deployment";
import { useIndexedChannels } from "./useChainIndex";
import { labelledState } from "./useChannelState";
import { useJoinedChannels } from "./useJoinedChannels";
import { useIdentity } from "./useIdentity";

const NO_IDS: readonly bigint[] = [];
const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The account's channels split by core's consent policy (channelRequests): the channel list,
 * requests from people it has not talked to, and declined ones. A channel shows only once its
 * state is read (so a request never flashes in the list); one whose state cannot be read stays
 * in the list, as before there were requests. `answer` records accept / decline in this browser.
 */
export function useChannelRequests() {
  const { identity } = useIdentity();
  const account = identity?.address;
  const joined = useJoinedChannels();
  const ids = joined.data ?? NO_IDS;
  const states = useIndexedChannels(ids);
  const scope: ConsentScope | null =
    account && appDeployment ? { chainId: appConfig.chainId, registry: appDeployment.channelRegistry, account } : null;
  const choices = useSyncExternalStore(subscribeConsent, () => (scope ? readConsent(scope) : NO_CONSENT), () => NO_CONSENT);

  const loaded = states.flatMap((snapshot): ChannelState[] => {
    const state = labelledState(snapshot);
    return state ? [state] : [];
  });
  const unreadable = ids.filter((_, index) => states[index]?.error !== undefined && !states[index]?.state);
  const split = account ? channelRequests(account, loaded, choices) : { channels: [], requests: [], declined: [] };
  const answer = (channelId: bigint, choice: "accept" | "decline") => {
    if (scope) answerRequest(scope, channelId, choice);
  };
  return { ...split, channels: [...split.channels, ...unreadable].sort(ascending), joined, answer };
}
