import { parseEventLogs, type Address, type TransactionReceipt } from "viem";
import {
  createChannelTx,
  createDirectChannelTx,
  createPrivateChannelTx,
  readPublicKey,
  type TxRequest,
} from "../chain/index.js";
import { channelRegistryAbi } from "../contracts/generated.js";
import {
  encodeChannelMetadata,
  encodePublicKeyMaterial,
  encryptChannelMetadata,
  generateKey,
  sealKey,
  type ChannelMetadata,
} from "../crypto/index.js";
import { MemberKeyMissingError, MissingEventError } from "./errors.js";
import type { ChannelContext } from "./types.js";

type CreateContext = Pick<ChannelContext, "publicClient" | "sender" | "identity" | "chainId" | "deployment">;

export type CreateChannelParameters =
  | { kind: "public"; name: string; description?: string }
  | { kind: "private"; name: string; description?: string; members?: readonly Address[] }
  | { kind: "direct"; peer: Address };

/** The X25519 key `account` published, or MemberKeyMissingError. */
export async function requirePublicKey(context: Pick<ChannelContext, "publicClient" | "deployment">, account: Address) {
  const key = await readPublicKey(context.publicClient, { keyDirectory: context.deployment.keyDirectory, account });
  if (!key) throw new MemberKeyMissingError(account);
  return key;
}

/**
 * The transaction creating a channel, with a fresh epoch-1 key: public channels publish it with
 * plain metadata; private and direct channels seal it to the creator and every member (their
 * published keys) and encrypt the metadata under it.
 */
export async function buildCreateChannelTx(context: CreateContext, params: CreateChannelParameters): Promise<TxRequest> {
  const registry = context.deployment.channelRegistry;
  const key = generateKey();
  const metadata: ChannelMetadata =
    params.kind === "direct" ? { name: "", description: "" } : { name: params.name, description: params.description ?? "" };
  if (params.kind === "public") {
    return createChannelTx(registry, {
      isPublic: true,
      metadata: encodeChannelMetadata(metadata),
      keyMaterial: encodePublicKeyMaterial(key),
    });
  }
  const scope = { chainId: context.chainId, registry, channelId: 0n, epoch: 1, key };
  const sealTo = (recipientPublicKey: Uint8Array) => sealKey({ ...scope, recipientPublicKey });
  const encryptedMetadata = await encryptChannelMetadata({ ...scope, metadata });
  const creatorKey = await sealTo(context.identity.publicKey);
  if (params.kind === "direct") {
    const peerKey = await sealTo(await requirePublicKey(context, params.peer));
    return createDirectChannelTx(registry, { peer: params.peer, metadata: encryptedMetadata, creatorKey, peerKey });
  }
  const members = params.members ?? [];
  if (members.length === 0) return createChannelTx(registry, { isPublic: false, metadata: encryptedMetadata, keyMaterial: creatorKey });
  const sealedKeys = await Promise.all(members.map(async (member) => sealTo(await requirePublicKey(context, member))));
  return createPrivateChannelTx(registry, { metadata: encryptedMetadata, creatorKey, members, sealedKeys });
}

/** The id of the channel a receipt created (its ChannelCreated event). */
export function createdChannelId(receipt: TransactionReceipt): bigint {
  const [created] = parseEventLogs({ abi: channelRegistryAbi, eventName: "ChannelCreated", logs: receipt.logs });
  if (!created) throw new MissingEventError("ChannelCreated", receipt.transactionHash);
  return created.args.channelId;
}

/** Creates a channel and resolves with its id once the transaction is mined. */
export async function createChannel(
  context: CreateContext,
  params: CreateChannelParameters,
): Promise<{ channelId: bigint; receipt: TransactionReceipt }> {
  const receipt = await context.sender(await buildCreateChannelTx(context, params));
  return { channelId: createdChannelId(receipt), receipt };
}
