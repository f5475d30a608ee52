"use client";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { bytesToHex } from "viem";
import { useAccount } from "wagmi";
import { positionKey, type ChainMessage } from "@cairn/core/chain";
import type { ChannelMessage, ChannelService } from "@cairn/core/channel";
import { dedupeMessages } from "@cairn/core/channel";
import { appConfig } from "../lib/config";
import { markRead } from "../lib/readMarkers";
import { useChainIndex, useIndexedChannel, useIndexSnapshot } from "./useChainIndex";

const PAGE_SIZE = 30;
const NONE: readonly ChainMessage[] = [];
/** Unavailable messages are fetched again after 5 s, 15 s, 45 s, 135 s and 405 s. */
const UNAVAILABLE_RETRY_MS = 5_000;
const UNAVAILABLE_RETRIES = 5;

/** The opened messages of one channel and account (`key`), by chain position. */
type Opened = { key: string; byPosition: ReadonlyMap<string, ChannelMessage> };

/**
 * A channel's messages in chain order, from the tab's chain index: the index follows the open
 * channel in its one log stream (no second watcher), reads older windows on demand
 * (`loadOlder`, newest first) and drops what a reorg took out. Each chain message is opened once
 * (fetched, verified, decrypted) by core's channel service and shown once, at its first chain
 * position (dedupeMessages: a copy repeated after a lost reply is dropped).
 *
 * Messages shown as undecryptable for want of an epoch key are opened again, in place, when
 * this account gains that key: a change of the channel's state in the index (a key shared, a
 * rotation) makes the service read its keys again, core's `onKeys` says when, `reopenable` which
 * messages; nothing else is read again.
 */
export function useChannelMessages(service: ChannelService | null, channelId: bigint) {
  const index = useChainIndex();
  const channel = useIndexedChannel(channelId);
  const { error: indexError } = useIndexSnapshot();
  const { address } = useAccount();
  const key = `${appConfig.chainId}:${channelId}:${address}`;

  const [opened, setOpened] = useState<Opened>({ key, byPosition: new Map() });
  const byPosition = opened.key === key ? opened.byPosition : undefined;
  const addOpened = useCallback(
    (messages: readonly ChannelMessage[]) =>
      setOpened((state) => {
        const next = new Map(state.key === key ? state.byPosition : undefined);
        for (const message of messages) next.set(positionKey(message), message);
        return { key, byPosition: next };
      }),
    [key],
  );

  // Shown: every message after the block the channel was first read at (live ones), and the newest
  // `olderCount` up to it; "load older" raises olderCount, and the index reads older windows when it
  // knows too few.
  const [view, setView] = useState<{ key: string; anchor: bigint; olderCount: number } | null>(null);
  let current = view?.key === key ? view : null;
  if (!current && channel?.syncedBlock !== undefined) {
    current = { key, anchor: channel.syncedBlock, olderCount: PAGE_SIZE };
    setView(current);
  }

  const all = channel?.messages;
  const { chainMessages, olderKnown } = useMemo(() => {
    if (!all || !current) return { chainMessages: NONE, olderKnown: 0 };
    const older = all.filter((message) => message.blockNumber <= current.anchor);
    return { chainMessages: [...older.slice(-current.olderCount), ...all.slice(older.length)], olderKnown: older.length };
  }, [all, current]);

  const [historyError, setHistoryError] = useState<{ key: string; error: unknown } | null>(null);
  const complete = channel?.complete ?? false;
  /** The olderCount each view last asked the index to read for: asked once, again only on "load older" or "retry". */
  const requested = useRef(new Map<string, number>());
  const wanted = current?.olderCount;
  useEffect(() => {
    if (!index || wanted === undefined || complete || olderKnown >= wanted || requested.current.get(key) === wanted) return;
    requested.current.set(key, wanted);
    index.loadOlder(channelId, wanted - olderKnown).catch((error: unknown) => setHistoryError({ key, error }));
  }, [index, wanted, complete, olderKnown, channelId, key]);
  const showOlder = (extra: number) => {
    if (!current) return;
    setHistoryError(null);
    requested.current.delete(key);
    setView({ ...current, olderCount: Math.max(current.olderCount, olderKnown) + extra });
  };

  const opening = useRef(new Set<string>());
  useEffect(() => {
    if (!service) return;
    const fresh = chainMessages.filter((message) => !byPosition?.has(positionKey(message)) && !opening.current.has(`${key}@${positionKey(message)}`));
    if (fresh.length === 0) return;
    const tags = fresh.map((message) => `${key}@${positionKey(message)}`);
    for (const tag of tags) opening.current.add(tag);
    void service
      .open(fresh)
      .then(addOpened)
      .finally(() => {
        for (const tag of tags) opening.current.delete(tag);
      });
  }, [service, chainMessages, byPosition, key, addOpened]);

  // A message whose block no peer delivered in time (a slow pinning node, a peer gone) is fetched
  // again with backoff, in place: "unavailable" is shown meanwhile, never left for good after one miss.
  // Each retry has a fixed due time, so messages opening meanwhile do not postpone it.
  const retries = useRef(new Map<string, { attempt: number; dueAt: number }>());
  useEffect(() => {
    if (!service || !byPosition) return;
    const missing = chainMessages.filter((message) => byPosition.get(positionKey(message))?.status === "unavailable");
    if (missing.length === 0) return;
    const tag = `${key}@${positionKey(missing[0])}`;
    const retry = retries.current.get(tag) ?? { attempt: 0, dueAt: Date.now() + UNAVAILABLE_RETRY_MS };
    retries.current.set(tag, retry);
    if (retry.attempt >= UNAVAILABLE_RETRIES) return;
    const timer = setTimeout(() => {
      const attempt = retry.attempt + 1;
      retries.current.set(tag, { attempt, dueAt: Date.now() + UNAVAILABLE_RETRY_MS * 3 ** attempt });
      void service.open(missing).then(addOpened);
    }, Math.max(0, retry.dueAt - Date.now()));
    return () => clearTimeout(timer);
  }, [service, chainMessages, byPosition, key, addOpened]);

  // A key shared or a rotation shows in the channel's state: the service reads its keys again. The
  // state is rebuilt with every message, so only a change of its epoch or key material counts.
  const state = channel?.state;
  const keysVersion = useMemo(
    () => state && [state.epoch, ...state.epochKeys.map((material) => `${material.epoch}:${bytesToHex(material.keyMaterial)}`)].join(","),
    [state],
  );
  useEffect(() => {
    if (service && keysVersion !== undefined) void service.refreshKeys();
  }, [service, keysVersion]);

  const shown = useMemo(
    () => dedupeMessages(chainMessages.flatMap((message) => byPosition?.get(positionKey(message)) ?? [])),
    [chainMessages, byPosition],
  );

  const [keysSeen, setKeysSeen] = useState(0);
  useEffect(() => service?.onKeys(() => setKeysSeen((count) => count + 1)), [service]);
  const reopening = useRef(new Set<string>());
  useEffect(() => {
    if (!service) return;
    const ready = service.reopenable(shown).filter((message) => !reopening.current.has(message.id));
    if (ready.length === 0) return;
    for (const message of ready) reopening.current.add(message.id);
    void service
      .reopen(ready)
      .then((reopened) => addOpened([...reopened.values()]))
      .finally(() => {
        for (const message of ready) reopening.current.delete(message.id);
      });
  }, [service, shown, keysSeen, addOpened]);

  const newest = shown.at(-1)?.blockNumber ?? channel?.syncedBlock;
  useEffect(() => {
    if (address && newest !== undefined) markRead(appConfig.chainId, address, channelId, newest);
  }, [address, channelId, newest]);

  const [dismissed, setDismissed] = useState<unknown>(null);
  const unopened = chainMessages.some((message) => !byPosition?.has(positionKey(message)));
  const loadingOlder = channel?.loadingOlder ?? false;
  return {
    messages: shown,
    /** Nothing to show yet: the channel is not read, or its newest messages are being read or opened. */
    loading: service !== null && (!current || (shown.length === 0 && (loadingOlder || unopened))),
    historyError: historyError?.key === key ? historyError.error : null,
    atStart: current !== null && complete && olderKnown <= current.olderCount,
    hasOlder: current !== null && (!complete || olderKnown > current.olderCount),
    loadingOlder,
    loadOlderPage: () => showOlder(PAGE_SIZE),
    retryHistory: () => showOlder(0),
    liveError: indexError !== undefined && indexError !== dismissed ? indexError : null,
    dismissLiveError: () => setDismissed(indexError),
  };
}
