import { isAddress, isAddressEqual, type Address, type TransactionReceipt } from "viem";
import { NotMemberError, removeMemberAndRotateTx, removeMemberTx, rotateKeyTx, type ChannelState, type TxRequest } from "../chain/index.js";
import { generateKey, sealKey } from "../crypto/index.js";
import { requirePublicKey } from "./createChannel.js";
import type { Keyring } from "./createKeyring.js";
import type { ChannelContext } from "./types.js";

type RotateContext = Pick<ChannelContext, "publicClient" | "sender" | "chainId" | "deployment">;

/** Addresses in the strictly ascending numeric order the registry requires. */
const ascending = (accounts: readonly Address[]) => [...accounts].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));

/** The rotation of `state` to its next epoch, sealed to every member but `removing` (who is removed in the same transaction). */
async function rotationTx(context: RotateContext, state: ChannelState, removing: Address | undefined): Promise<TxRequest> {
  const registry = context.deployment.channelRegistry;
  const { channelId } = state;
  const members = ascending(state.members.map((member) => member.account).filter((account) => !removing || !isAddressEqual(account, removing)));
  const key = generateKey();
  const epoch = state.epoch + 1;
  const sealedKeys = await Promise.all(
    members.map(async (member) =>
      sealKey({ key, recipientPublicKey: await requirePublicKey(context, member), chainId: context.chainId, registry, channelId, epoch }),
    ),
  );
  return removing
    ? removeMemberAndRotateTx(registry, { channelId, account: removing, members, sealedKeys })
    : rotateKeyTx(registry, { channelId, members, sealedKeys });
}

/** Whether a failed removal failed only because `account` is no longer a member (it left first). */
const leftMeanwhile = (error: unknown, account: Address) =>
  error instanceof NotMemberError && typeof error.args[1] === "string" && isAddress(error.args[1]) && isAddressEqual(error.args[1], account);

/**
 * Starts a new epoch of a private channel: a fresh key sealed to every member that stays, in one
 * transaction. The admin may always rotate; any member may while the channel waits for one
 * (`rekeyRequired`: a member left and holds the current key); either member of a 1:1 channel may
 * (e.g. after its own key changed). With `removing` (admin only), that member is removed atomically
 * and never gets the new key; if it already left (say, it saw the removal coming and left first),
 * the channel is rotated without it instead. A public channel has no secret to rotate: `removing`
 * just removes the member.
 */
export async function rotateChannelKey(
  context: RotateContext,
  keyring: Keyring,
  params: { channelId: bigint; removing?: Address },
): Promise<TransactionReceipt> {
  const { channelId, removing } = params;
  const state = await keyring.state({ maxAgeMs: 0 });
  if (state.isPublic && removing) return context.sender(removeMemberTx(context.deployment.channelRegistry, { channelId, account: removing }));
  if (removing === undefined || !state.members.some((member) => isAddressEqual(member.account, removing))) {
    return context.sender(await rotationTx(context, state, undefined));
  }
  try {
    return await context.sender(await rotationTx(context, state, removing));
  } catch (error) {
    if (!leftMeanwhile(error, removing)) throw error;
    return context.sender(await rotationTx(context, await keyring.state({ maxAgeMs: 0 }), undefined));
  }
}
