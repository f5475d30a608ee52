import { isAddressEqual, type Address } from "viem";
import { readDirectChannel } from "../chain/index.js";
import { createChannel } from "./createChannel.js";
import { DirectChannelWithSelfError } from "./errors.js";
import type { ChannelContext } from "./types.js";

type DirectContext = Pick<ChannelContext, "publicClient" | "sender" | "identity" | "chainId" | "deployment" | "account">;

/**
 * The 1:1 channel between the wallet and `peer`: the existing one of the pair (directChannelOf),
 * or a new one (createDirectChannel, its key sealed to both published keys). The registry allows
 * one per pair, so opening it again always gives the same id.
 */
export async function openDirectChannel(context: DirectContext, peer: Address): Promise<{ channelId: bigint; created: boolean }> {
  if (isAddressEqual(peer, context.account)) throw new DirectChannelWithSelfError(peer);
  const registry = context.deployment.channelRegistry;
  const existing = await readDirectChannel(context.publicClient, { registry, a: context.account, b: peer });
  if (existing !== null) return { channelId: existing, created: false };
  const { channelId } = await createChannel(context, { kind: "direct", peer });
  return { channelId, created: true };
}
