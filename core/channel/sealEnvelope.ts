import { wrapCid } from "../crypto/index.js";
import { sealMessage } from "../message/index.js";
import type { Envelope } from "../envelope/index.js";
import { createStorage } from "../ipfs/index.js";
import type { ChannelContext, SealedMessage } from "./types.js";

/** What sealing needs: no chain access, only the local blockstore and the deployment. */
export type SealContext = Pick<ChannelContext, "ipfs" | "chainId" | "deployment" | "account">;

/** The channel and epoch a message is sealed for, with that epoch's key. */
export type SealTarget = { channelId: bigint; epoch: number; key: Uint8Array };

/**
 * Seals an envelope under the target epoch's key (AAD: chain, registry, channel, epoch, sender),
 * stores the block locally and wraps its CID. The message id is the block's CID.
 */
export async function sealEnvelope(context: SealContext, target: SealTarget, envelope: Envelope): Promise<SealedMessage> {
  const scope = {
    chainId: context.chainId,
    registry: context.deployment.channelRegistry,
    channelId: target.channelId,
    epoch: target.epoch,
    sender: context.account,
    key: target.key,
  };
  const block = await sealMessage({ ...scope, envelope });
  const cid = await createStorage(context.ipfs).putBlock(block);
  const wrappedCid = await wrapCid({ ...scope, cid });
  return { id: cid.toString(), epoch: target.epoch, block, cid, wrappedCid };
}
