import { isAddressEqual, type Address, type TransactionReceipt } from "viem";
import { keyChangesOf, readKeyRecords, staleKeyMembers } from "../chain/index.js";
import type { Keyring } from "./createKeyring.js";
import { EpochKeyUnavailableError } from "./errors.js";
import { rotateChannelKey } from "./rotateChannelKey.js";
import { sealEpochKeysTo } from "./shareEpochKeys.js";
import type { ChannelContext } from "./types.js";

export type ResealResult = {
  /** Members whose epoch keys were sealed again to their current published key. */
  resealed: Address[];
  /** Whether a new epoch was started because the admin's own key changed. */
  rotated: boolean;
  receipts: TransactionReceipt[];
};

/**
 * After members replaced their published key (a new device with a random key, a restored
 * wallet), the keys sealed to them no longer open. The admin of a private channel (either member
 * of a 1:1 channel) seals them again: to each such member, every epoch key shared with it before that the admin holds, sealed
 * to its current key (shareEpochKeys). If the admin's own key changed, the admin cannot open the
 * old keys any more and starts a new epoch for everyone instead (rotateKey); the epochs before
 * it stay sealed to the keys they were shared with. In a 1:1 channel a member whose own key
 * changed leaves it to the peer, who still holds the keys; only when both keys changed does it
 * start a new epoch.
 *
 * Resolves with nothing done when this account may not share the channel's keys (not the admin,
 * nor a member of the 1:1 channel), the channel is public, or no key changed after the keys were
 * last sealed.
 */
export async function resealChangedKeys(
  context: Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment" | "account">,
  keyring: Keyring,
  params: { channelId: bigint },
): Promise<ResealResult> {
  const { channelId } = params;
  const result: ResealResult = { resealed: [], rotated: false, receipts: [] };
  const state = await keyring.state({ maxAgeMs: 0 });
  const mayShare =
    isAddressEqual(state.admin, context.account) || (state.direct !== null && state.members.some((m) => isAddressEqual(m.account, context.account)));
  if (state.isPublic || !mayShare) return result;
  const records = await readKeyRecords(context.publicClient, {
    keyDirectory: context.deployment.keyDirectory,
    accounts: state.members.map((member) => member.account),
  });
  const stale = staleKeyMembers(state.members, keyChangesOf(records));
  if (stale.length === 0) return result;

  if (stale.some((account) => isAddressEqual(account, context.account))) {
    // In a 1:1 channel the peer still holds the keys and shares them with this account's new key.
    if (state.direct !== null && stale.length < state.members.length) return result;
    result.receipts.push(await rotateChannelKey(context, keyring, { channelId }));
    result.rotated = true;
    return result;
  }

  for (const account of stale) {
    const member = state.members.find((m) => isAddressEqual(m.account, account))!;
    const held: { epoch: number; key: Uint8Array }[] = [];
    for (const epoch of member.sharedEpochs) {
      const key = await keyring.key(epoch).catch((error: unknown) => {
        if (error instanceof EpochKeyUnavailableError) return null;
        throw error;
      });
      if (key) held.push({ epoch, key });
    }
    if (held.length === 0) continue;
    result.receipts.push(...(await sealEpochKeysTo(context, { channelId, account, keys: held })));
    result.resealed.push(account);
  }
  return result;
}
