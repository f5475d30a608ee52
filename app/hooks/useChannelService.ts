"use client";
import { useEffect, useMemo, useState } from "react";
import type { ChannelContext, ChannelService } from "../../core/channel";
import { queueSends } from "../../core/session";
import { loadChannelModule, loadedChannelModule, type ChannelModule } from "../lib/loadCore";
import { useChannelContext } from "./useChannelContext";

/**
 * One service per context and channel, so its key ring (opened epoch keys) and its outbox are
 * shared by all components. Posts are built for a session key; useTxSender sends them with the
 * active key, or as the wallet's own post when there is none.
 */
const services = new WeakMap<ChannelContext, Map<bigint, ChannelService>>();

function serviceFor(core: ChannelModule, context: ChannelContext, channelId: bigint): ChannelService {
  let byChannel = services.get(context);
  if (!byChannel) services.set(context, (byChannel = new Map()));
  let service = byChannel.get(channelId);
  if (!service) byChannel.set(channelId, (service = queueSends(core.createChannelService({ ...context, viaSessionKey: true, channelId }))));
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
