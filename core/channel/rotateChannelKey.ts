import { isAddressEqual, type Address, type TransactionReceipt } from "viem";
import { removeMemberAndRotateTx, removeMemberTx, rotateKeyTx } from "../chain/index.js";
import { generateKey, sealKey } from "../crypto/index.js";
import { requirePublicKey } from "./createChannel.js";
import type { Keyring } from "./createKeyring.js";
import type { ChannelContext } from "./types.js";

/** Addresses in the strictly ascending numeric order the registry requires. */
const ascending = (accounts: readonly Address[]) => [...accounts].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

/**
 * Starts a new epoch of a private channel (admin only): a fresh key sealed to every member that
 * stays, in one transaction; with `removing`, that member is removed atomically and never gets the
 * new key. A public channel has no secret to rotate: `removing` just removes the member.
 */
export async function rotateChannelKey(
  context: Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment">,
  keyring: Keyring,
  params: { channelId: bigint; removing?: Address },
): Promise<TransactionReceipt> {
  const registry = context.deployment.channelRegistry;
  const { channelId, removing } = params;
  const state = await keyring.state({ maxAgeMs: 0 });
  if (state.isPublic && removing) return context.sender(removeMemberTx(registry, { channelId, account: removing }));
  const members = ascending(state.members.map((member) => member.account).filter((account) => !removing || !isAddressEqual(account, removing)));
  const key = generateKey();
  const epoch = Number(state.epoch) + 1;
  const sealedKeys = await Promise.all(
    members.map(async (member) =>
      sealKey({ key, recipientPublicKey: await requirePublicKey(context, member), chainId: context.chainId, registry, channelId, epoch }),
    ),
  );
  return context.sender(
    removing
      ? removeMemberAndRotateTx(registry, { channelId, account: removing, members, sealedKeys })
      : rotateKeyTx(registry, { channelId, members, sealedKeys }),
  );
}
