"use client";
import { useQueries } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import type { ChannelState } from "../../core/chain";
import { channelRequests } from "../../core/channel/channelRequests";
import { answerRequest, NO_CONSENT, readConsent, subscribeConsent, type ConsentScope } from "../lib/channelConsent";
import { appConfig } from "../lib/config";
import { appDeployment } from "../lib/deployment";
import { useAppPublicClient } from "./useAppPublicClient";
import { channelStateQuery } from "./useChannelState";
import { useJoinedChannels } from "./useJoinedChannels";
import { useSession } from "./useSession";

const ascending = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The account's channels split by core's consent policy (channelRequests): the channel list,
 * requests from people it has not talked to, and declined ones. A channel shows only once its
 * state is read (so a request never flashes in the list); one whose state cannot be read stays
 * in the list, as before there were requests. `answer` records accept / decline in this browser.
 */
export function useChannelRequests() {
  const client = useAppPublicClient();
  const { session } = useSession();
  const account = session?.address;
  const joined = useJoinedChannels();
  const ids = joined.data ?? [];
  const states = useQueries({ queries: ids.map((id) => channelStateQuery(client, id, account)) });
  const scope: ConsentScope | null =
    account && appDeployment ? { chainId: appConfig.chainId, registry: appDeployment.channelRegistry, account } : null;
  const choices = useSyncExternalStore(subscribeConsent, () => (scope ? readConsent(scope) : NO_CONSENT), () => NO_CONSENT);

  const loaded = states.flatMap((query): ChannelState[] => (query.data ? [query.data] : []));
  const unreadable = ids.filter((_, index) => states[index]?.isError && !states[index]?.data);
  const split = account ? channelRequests(account, loaded, choices) : { channels: [], requests: [], declined: [] };
  const answer = (channelId: bigint, choice: "accept" | "decline") => {
    if (scope) answerRequest(scope, channelId, choice);
  };
  return { ...split, channels: [...split.channels, ...unreadable].sort(ascending), joined, answer };
}
