import type { Address, TransactionReceipt } from "viem";
import { addMemberTx, readChannelInfo } from "../chain/index.js";
import { sealKey } from "../crypto/index.js";
import { requirePublicKey } from "./createChannel.js";
import type { Keyring } from "./createKeyring.js";
import type { ChannelContext } from "./types.js";

/**
 * Adds `account` to a channel (admin only). Private channels seal the current epoch key to the
 * account's published key; public channels need no key (theirs is public).
 */
export async function addMember(
  context: Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment">,
  keyring: Keyring,
  params: { channelId: bigint; account: Address },
): Promise<TransactionReceipt> {
  const registry = context.deployment.channelRegistry;
  const { epoch, isPublic } = await readChannelInfo(context.publicClient, { registry, channelId: params.channelId });
  if (isPublic) return context.sender(addMemberTx(registry, { channelId: params.channelId, account: params.account, sealedKey: "0x" }));
  const sealedKey = await sealKey({
    key: await keyring.key(epoch),
    recipientPublicKey: await requirePublicKey(context, params.account),
    chainId: context.chainId,
    registry,
    channelId: params.channelId,
    epoch,
  });
  return context.sender(addMemberTx(registry, { channelId: params.channelId, account: params.account, sealedKey }));
}
