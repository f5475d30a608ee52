"use client";
import { useInfiniteQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import { useAccount } from "wagmi";
import type { ChannelMessage, ChannelService } from "@cairn/core/channel";
import { dedupeMessages } from "@cairn/core/channel";
import { headBlock, type HistoryCursor } from "@cairn/core/chain";
import { appConfig } from "../lib/config";
import { markRead } from "../lib/readMarkers";
import { useAppPublicClient } from "./useAppPublicClient";

const PAGE_SIZE = 30;

type HistoryPage = { messages: ChannelMessage[]; cursor: HistoryCursor | null; head: bigint | null };

/** The live messages and the last live-read error of one subscription (`key`). */
type LiveState = { key: string; messages: ChannelMessage[]; error: unknown };
const NO_LIVE: LiveState = { key: "", messages: [], error: null };

/** Where a message sits in the chain: what a reorg takes out. */
const positionOf = (message: Pick<ChannelMessage, "txHash" | "logIndex" | "batchIndex">) => `${message.txHash}:${message.logIndex}:${message.batchIndex}`;

const replaceIn = (list: ChannelMessage[], opened: ReadonlyMap<string, ChannelMessage>) =>
  list.some((message) => opened.has(message.id)) ? list.map((message) => opened.get(message.id) ?? message) : list;

/**
 * A channel's messages in chain order: history pages (newest first; older pages on demand)
 * from core's `history`, then live messages from core's `subscribe`, starting at the head
 * the first page was read at. Each message shows once, at its first chain position
 * (dedupeMessages: a copy repeated after a lost reply, or read twice at the seam, is dropped).
 *
 * Messages shown as undecryptable for want of an epoch key are opened again, in place, when
 * this account gains that key (added to the channel, older history or a new epoch shared):
 * core's `onKeys` says when, `reopenable` which messages; nothing else is read again.
 */
export function useChannelMessages(service: ChannelService | null, channelId: bigint) {
  const client = useAppPublicClient();
  const queryClient = useQueryClient();
  const { address } = useAccount();
  const queryKey = useMemo(() => ["messages", appConfig.chainId, channelId.toString(), address], [channelId, address]);
  const history = useInfiniteQuery({
    queryKey,
    queryFn: async ({ pageParam }): Promise<HistoryPage> => {
      const head = pageParam === null ? await headBlock(client) : null;
      const page = await service!.history({ before: pageParam, limit: PAGE_SIZE });
      return { ...page, head };
    },
    initialPageParam: null as HistoryCursor | null,
    getNextPageParam: (last) => last.cursor ?? undefined,
    enabled: service !== null,
    staleTime: Infinity,
  });

  const head = history.data?.pages[0]?.head ?? null;
  // Live messages belong to one subscription (channel, account, head): state of an earlier one is ignored.
  const liveKey = `${queryKey.join(":")}@${head}`;
  const [liveState, setLiveState] = useState<LiveState>(NO_LIVE);
  const current = liveState.key === liveKey ? liveState : NO_LIVE;
  const live = current.messages;
  const liveError = current.error;
  const updateLive = useCallback(
    (change: (state: LiveState) => Omit<LiveState, "key">) =>
      setLiveState((state) => ({ key: liveKey, ...change(state.key === liveKey ? state : NO_LIVE) })),
    [liveKey],
  );

  useEffect(() => {
    if (!service || head === null) return;
    return service.subscribe(
      (message) => updateLive((state) => ({ messages: [...state.messages, message], error: null })),
      {
        fromBlock: head + 1n,
        onError: (error) => updateLive((state) => ({ ...state, error })),
        // Polls timed for the next block rather than every second (the tab's chain index does the rest).
        pollingInterval: "block-time",
        // Messages a reorg or rollback took out of the chain leave the view (those re-mined arrive again).
        onRemoved: (removed) => {
          const gone = new Set(removed.map(positionOf));
          updateLive((state) => ({ ...state, messages: state.messages.filter((message) => !gone.has(positionOf(message))) }));
          queryClient.setQueryData<InfiniteData<HistoryPage, HistoryCursor | null>>(queryKey, (data) =>
            data && { ...data, pages: data.pages.map((page) => ({ ...page, messages: page.messages.filter((message) => !gone.has(positionOf(message))) })) },
          );
        },
      },
    );
  }, [service, head, queryClient, queryKey, updateLive]);

  const messages = useMemo(() => dedupeMessages([...(history.data?.pages ?? []).flatMap((page) => page.messages), ...live]), [history.data, live]);

  // Each new epoch key re-renders, so the effect below looks for messages it can open now.
  const [keysSeen, keysGained] = useReducer((count: number) => count + 1, 0);
  useEffect(() => service?.onKeys(keysGained), [service]);

  const reopening = useRef(new Set<string>());
  useEffect(() => {
    if (!service) return;
    const ready = service.reopenable(messages).filter((message) => !reopening.current.has(message.id));
    if (ready.length === 0) return;
    for (const message of ready) reopening.current.add(message.id);
    void service.reopen(ready).then((opened) => {
      queryClient.setQueryData<InfiniteData<HistoryPage, HistoryCursor | null>>(queryKey, (data) =>
        data && { ...data, pages: data.pages.map((page) => ({ ...page, messages: replaceIn(page.messages, opened) })) },
      );
      updateLive((state) => ({ ...state, messages: replaceIn(state.messages, opened) }));
      for (const message of ready) reopening.current.delete(message.id);
    });
  }, [service, messages, keysSeen, queryClient, queryKey, updateLive]);

  const newest = messages.at(-1)?.blockNumber ?? head;
  useEffect(() => {
    if (address && newest !== null) markRead(appConfig.chainId, address, channelId, newest);
  }, [address, channelId, newest]);

  return { history, messages, liveError, dismissLiveError: () => updateLive((state) => ({ ...state, error: null })) };
}
