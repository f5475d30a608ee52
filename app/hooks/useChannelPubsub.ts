"use client";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { ChannelMessage, ChannelService } from "@cairn/core/channel";
import type { ReceivedPendingMessage } from "@cairn/core/channel";
import { messageKey } from "@cairn/core/channel";
import { createDeliveryState, deliveryView, reduceDelivery, type DeliveryEvent, type DeliveryState, type DeliveryStatus } from "@cairn/core/pubsub";
import { onlineMembers, reducePresence, typingMembers, type PresenceMap } from "@cairn/core/pubsub";
import type { ChannelPubsub } from "@cairn/core/pubsub";
import type { Address } from "viem";
import { sessionAccountFor } from "../lib/sessionKeyStore";
import { useChainHead, useIndexedChannel } from "./useChainIndex";
import { usePresenceEnabled } from "./usePresenceEnabled";

/** A message that arrived over pubsub and is not on the chain yet, with its delivery status. */
export type ReceivedMessage = { message: ReceivedPendingMessage; status: Exclude<DeliveryStatus, "confirmed"> };

type Delivery = DeliveryState<ReceivedPendingMessage>;
const reduce = (state: Delivery, events: DeliveryEvent<ReceivedPendingMessage>[]) => reduceDelivery(state, ...events);
const NO_PRESENCE: PresenceMap = new Map();
const keyOf = (message: ChannelMessage) => messageKey({ sender: message.sender, id: message.id });

/** Redraws every `ms` while mounted (presence and typing expire with the clock). */
function useClock(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * A channel's pubsub (PROTOCOL.md §16) for the open channel view: verified pending messages of
 * other members (shown at once; hidden again as soon as their chain copy is in `chainMessages`,
 * which shows them confirmed in its place; not confirmed after the configured number of blocks),
 * other members' presence and typing, and this member's own beats when presence is on in Settings.
 */
export function useChannelPubsub(service: ChannelService | null, chainMessages: readonly ChannelMessage[], self: string) {
  const presenceOn = usePresenceEnabled();
  const head = useChainHead();
  const [delivery, dispatch] = useReducer(reduce, undefined, () => createDeliveryState<ReceivedPendingMessage>());
  const [presence, setPresence] = useState<PresenceMap>(() => new Map());
  const watcher = useRef<ChannelPubsub | null>(null);
  const members = useIndexedChannel(service?.channelId)?.state?.members;
  const known = useRef({ delivery, chain: new Set<string>(), head, members: new Set<string>() });
  const chainKeys = useMemo(() => new Set(chainMessages.map(keyOf)), [chainMessages]);
  const memberSet = useMemo(() => new Set(members?.map((member) => member.account.toLowerCase())), [members]);
  useEffect(() => {
    known.current = { delivery, chain: chainKeys, head, members: memberSet };
  }, [delivery, chainKeys, head, memberSet]);

  useEffect(() => {
    if (!service) return;
    const watching = service.watchPending({
      isKnown: (key) => known.current.chain.has(key) || known.current.delivery.entries.has(key),
      knownMember: (account) => known.current.members.has(account.toLowerCase()),
      onPending: (message) => {
        const at = known.current.head;
        dispatch([
          ...(at === undefined ? [] : [{ type: "head" as const, blockNumber: at }]),
          { type: "pending", key: message.key, sender: message.sender, txHash: message.txHash, payload: message },
        ]);
      },
      onPresence: (beat, receivedAtMs) => setPresence((map) => reducePresence(map, beat, receivedAtMs)),
      presence: presenceOn ? { sessionKey: () => sessionAccountFor(self as Address) } : undefined,
    });
    watcher.current = watching;
    return () => {
      watcher.current = null;
      void watching?.stop();
    };
  }, [service, presenceOn, self]);

  const received = useMemo(() => {
    const confirmed = chainMessages
      .filter((message) => delivery.entries.has(keyOf(message)))
      .map((message): DeliveryEvent<ReceivedPendingMessage> => ({
        type: "confirmed",
        key: keyOf(message),
        sender: message.sender,
        copy: { blockNumber: message.blockNumber, logIndex: message.logIndex, batchIndex: message.batchIndex, txHash: message.txHash },
        payload: delivery.entries.get(keyOf(message))!.payload,
      }));
    const state = reduceDelivery(delivery, ...(head === undefined ? [] : [{ type: "head" as const, blockNumber: head }]), ...confirmed);
    return deliveryView(state).flatMap((entry): ReceivedMessage[] => (entry.status === "confirmed" ? [] : [{ message: entry.payload, status: entry.status }]));
  }, [delivery, chainMessages, head]);

  const now = useClock(1_000);
  const shown = presenceOn ? presence : NO_PRESENCE;
  const online = useMemo(() => new Set(onlineMembers(shown, now).map((record) => record.sender.toLowerCase())), [shown, now]);
  const typing = useMemo(() => typingMembers(shown, now, self as `0x${string}`).map((record) => record.sender), [shown, now, self]);

  const onTyping = useCallback(() => watcher.current?.typing(), []);
  const onIdle = useCallback(() => watcher.current?.idle(), []);
  return { received, online, typing, onTyping, onIdle };
}
