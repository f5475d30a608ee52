import { isAddressEqual, type Address, type TransactionReceipt } from "viem";
import { shareEpochKeysTx } from "../chain/index.js";
import { sealKey } from "../crypto/index.js";
import { requirePublicKey } from "./createChannel.js";
import type { Keyring } from "./createKeyring.js";
import { NotAMemberError } from "./errors.js";
import type { ChannelContext } from "./types.js";

/**
 * Shares the keys of the epochs before `account` joined (the ones this account holds) with that
 * member, sealed to its published key, in one shareEpochKeys transaction (admin only): the member
 * can then read the earlier history. Resolves with null when there is nothing to share (public
 * channel, or the member joined in the first epoch).
 */
export async function shareEpochKeys(
  context: Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment">,
  keyring: Keyring,
  params: { channelId: bigint; account: Address },
): Promise<TransactionReceipt | null> {
  const registry = context.deployment.channelRegistry;
  const { channelId, account } = params;
  const state = await keyring.state({ maxAgeMs: 0 });
  const member = state.members.find((m) => isAddressEqual(m.account, account));
  if (!member) throw new NotAMemberError(channelId, account);
  const epochs = state.epochKeys.map((k) => k.epoch).filter((epoch) => epoch < member.joinedEpoch);
  if (state.isPublic || epochs.length === 0) return null;
  const recipientPublicKey = await requirePublicKey(context, account);
  const sealedKeys = await Promise.all(
    epochs.map(async (epoch) =>
      sealKey({ key: await keyring.key(Number(epoch)), recipientPublicKey, chainId: context.chainId, registry, channelId, epoch: Number(epoch) }),
    ),
  );
  return context.sender(shareEpochKeysTx(registry, { channelId, account, epochs, sealedKeys }));
}
