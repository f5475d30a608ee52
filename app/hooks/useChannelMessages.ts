"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useAccount } from "wagmi";
import type { ChannelMessage, ChannelService } from "../../core/channel";
import { comparePositions, headBlock, type HistoryCursor } from "../../core/chain";
import { appConfig } from "../lib/config";
import { markRead } from "../lib/readMarkers";
import { useAppPublicClient } from "./useAppPublicClient";

const PAGE_SIZE = 30;

/**
 * A channel's messages in chain order: history pages (newest first; older pages on demand)
 * from core's `history`, then live messages from core's `subscribe`, starting at the head
 * the first page was read at (duplicates at the seam are merged by id).
 */
export function useChannelMessages(service: ChannelService | null, channelId: bigint) {
  const client = useAppPublicClient();
  const { address } = useAccount();
  const history = useInfiniteQuery({
    queryKey: ["messages", appConfig.chainId, channelId.toString(), address],
    queryFn: async ({ pageParam }) => {
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
  const [live, setLive] = useState<ChannelMessage[]>([]);
  const [liveError, setLiveError] = useState<unknown>(null);

  useEffect(() => {
    setLive([]);
    setLiveError(null);
    if (!service || head === null) return;
    return service.subscribe(
      (message) => {
        setLiveError(null);
        setLive((list) => [...list, message]);
      },
      { fromBlock: head + 1n, onError: setLiveError },
    );
  }, [service, head]);

  const messages = useMemo(() => {
    const byId = new Map<string, ChannelMessage>();
    const pages = history.data?.pages ?? [];
    for (let i = pages.length - 1; i >= 0; i--) for (const message of pages[i].messages) byId.set(message.id, message);
    for (const message of live) byId.set(message.id, message);
    return [...byId.values()].sort(comparePositions);
  }, [history.data, live]);

  const newest = messages.at(-1)?.blockNumber ?? head;
  useEffect(() => {
    if (address && newest !== null) markRead(appConfig.chainId, address, channelId, newest);
  }, [address, channelId, newest]);

  return { history, messages, liveError, dismissLiveError: () => setLiveError(null) };
}
