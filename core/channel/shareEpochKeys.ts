import { isAddressEqual, type Address, type TransactionReceipt } from "viem";
import { NotMemberError, shareEpochKeysTx } from "../chain/index.js";
import { sealKey } from "../crypto/index.js";
import { requirePublicKey } from "./createChannel.js";
import type { Keyring } from "./createKeyring.js";
import type { ChannelContext } from "./types.js";

type ShareContext = Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment">;

/** The registry's cap on the epochs of one shareEpochKeys call (ChannelRegistry.MAX_MEMBERS). */
export const EPOCHS_PER_SHARE = 64;

/**
 * Seals each given epoch key to `account`'s published key and shares them (admin only), in
 * shareEpochKeys transactions of at most EPOCHS_PER_SHARE epochs.
 */
export async function sealEpochKeysTo(
  context: ShareContext,
  params: { channelId: bigint; account: Address; keys: readonly { epoch: number; key: Uint8Array }[] },
): Promise<TransactionReceipt[]> {
  const registry = context.deployment.channelRegistry;
  const { channelId, account, keys } = params;
  const recipientPublicKey = await requirePublicKey(context, account);
  const receipts: TransactionReceipt[] = [];
  for (let start = 0; start < keys.length; start += EPOCHS_PER_SHARE) {
    const part = keys.slice(start, start + EPOCHS_PER_SHARE);
    const sealedKeys = await Promise.all(
      part.map(({ epoch, key }) => sealKey({ key, recipientPublicKey, chainId: context.chainId, registry, channelId, epoch })),
    );
    const epochs = part.map(({ epoch }) => epoch);
    receipts.push(await context.sender(shareEpochKeysTx(registry, { channelId, account, epochs, sealedKeys })));
  }
  return receipts;
}

/**
 * Shares the keys of the epochs before `account` joined (the ones this account holds) with that
 * member, sealed to its published key (admin only): the member can then read the earlier
 * history. Resolves with the receipt of the last shareEpochKeys transaction, or null when there is
 * nothing to share (public channel, or the member joined in the first epoch).
 */
export async function shareEpochKeys(
  context: ShareContext,
  keyring: Keyring,
  params: { channelId: bigint; account: Address },
): Promise<TransactionReceipt | null> {
  const { channelId, account } = params;
  const state = await keyring.state({ maxAgeMs: 0 });
  const member = state.members.find((m) => isAddressEqual(m.account, account));
  if (!member) throw new NotMemberError([channelId, account]);
  const epochs = state.epochKeys.map((k) => k.epoch).filter((epoch) => epoch < member.joinedEpoch);
  if (state.isPublic || epochs.length === 0) return null;
  const keys = await Promise.all(epochs.map(async (epoch) => ({ epoch, key: await keyring.key(epoch) })));
  const receipts = await sealEpochKeysTo(context, { channelId, account, keys });
  return receipts.at(-1)!;
}
