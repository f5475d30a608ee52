"use client";
import { useEffect, useMemo, useState } from "react";
import type { ChannelContext, ChannelService } from "@cairn/core/channel";
import { queueSends } from "@cairn/core/session";
import { loadChannelModule, loadedChannelModule, type ChannelModule } from "../lib/loadCore";
import { sessionKeyFellBack, sessionSenderFor } from "../lib/sessionKeyStore";
import { useChannelContext } from "./useChannelContext";

/**
 * One service per context and channel, so its key ring (opened epoch keys) and its outbox are
 * shared by all components. Each post goes through the active session key when there is one
 * (decided when it is sent), else it is the wallet's own post.
 */
const services = new WeakMap<ChannelContext, Map<bigint, ChannelService>>();

function serviceFor(core: ChannelModule, context: ChannelContext, channelId: bigint): ChannelService {
  let byChannel = services.get(context);
  if (!byChannel) services.set(context, (byChannel = new Map()));
  let service = byChannel.get(channelId);
  if (!service) {
    const sessionKey = () => sessionSenderFor(context.publicClient, context.account);
    service = queueSends(core.createChannelService({ ...context, sessionKey, onSessionKeyFallback: sessionKeyFellBack, channelId }));
    byChannel.set(channelId, service);
  }
  return service;
}

/**
 * core's channel service (send / history / subscribe / details) for `channelId`, once the
 * context is ready and core/channel has been loaded (on demand).
 */
export function useChannelService(channelId: bigint | undefined) {
  const { context, ipfs } = useChannelContext();
  const [core, setCore] = useState(loadedChannelModule);
  useEffect(() => {
    if (!core && context) void loadChannelModule().then(setCore);
  }, [core, context]);
  const service = useMemo(
    () => (core && context && channelId !== undefined ? serviceFor(core, context, channelId) : null),
    [core, context, channelId],
  );
  return { service, ipfs };
}
