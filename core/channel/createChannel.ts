import { type Address, type TransactionReceipt } from "viem";
import {
  channelIdFor,
  createChannelTx,
  createDirectChannelTx,
  createPrivateChannelTx,
  newChannelSalt,
  readPublicKey,
  type TxRequest,
} from "../chain/index.js";
import {
  encodeChannelMetadata,
  encodePublicKeyMaterial,
  encryptChannelMetadata,
  generateKey,
  sealKey,
  type ChannelMetadata,
} from "../crypto/index.js";
import { MemberKeyMissingError } from "./errors.js";
import type { ChannelContext } from "./types.js";

type CreateContext = Pick<ChannelContext, "publicClient" | "sender" | "account" | "identity" | "chainId" | "deployment">;

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
 * The transaction creating a channel and the id it will have: a fresh random salt gives the id
 * (channelIdFor(account, salt)) before anything is sent, so the fresh epoch-1 key is sealed, and
 * the metadata encrypted, to the real channel id. Public channels publish the key with plain
 * metadata; private and direct channels seal it to the creator and every member (their
 * published keys) and encrypt the metadata under it.
 */
export async function buildCreateChannelTx(
  context: CreateContext,
  params: CreateChannelParameters,
): Promise<{ channelId: bigint; tx: TxRequest }> {
  const registry = context.deployment.channelRegistry;
  const salt = newChannelSalt();
  const channelId = channelIdFor(context.account, salt);
  const key = generateKey();
  const metadata: ChannelMetadata =
    params.kind === "direct" ? { name: "", description: "" } : { name: params.name, description: params.description ?? "" };
  const build = async (): Promise<TxRequest> => {
    if (params.kind === "public") {
      return createChannelTx(registry, {
        salt,
        isPublic: true,
        metadata: encodeChannelMetadata(metadata),
        keyMaterial: encodePublicKeyMaterial(key),
      });
    }
    const scope = { chainId: context.chainId, registry, channelId, epoch: 1, key };
    const sealTo = (recipientPublicKey: Uint8Array) => sealKey({ ...scope, recipientPublicKey });
    const encryptedMetadata = await encryptChannelMetadata({ ...scope, metadata });
    const creatorKey = await sealTo(context.identity.publicKey);
    if (params.kind === "direct") {
      const peerKey = await sealTo(await requirePublicKey(context, params.peer));
      return createDirectChannelTx(registry, { salt, peer: params.peer, metadata: encryptedMetadata, creatorKey, peerKey });
    }
    const members = params.members ?? [];
    if (members.length === 0) return createChannelTx(registry, { salt, isPublic: false, metadata: encryptedMetadata, keyMaterial: creatorKey });
    const sealedKeys = await Promise.all(members.map(async (member) => sealTo(await requirePublicKey(context, member))));
    return createPrivateChannelTx(registry, { salt, metadata: encryptedMetadata, creatorKey, members, sealedKeys });
  };
  return { channelId, tx: await build() };
}

/** Creates a channel and resolves with its id once the transaction is mined. */
export async function createChannel(
  context: CreateContext,
  params: CreateChannelParameters,
): Promise<{ channelId: bigint; receipt: TransactionReceipt }> {
  const { channelId, tx } = await buildCreateChannelTx(context, params);
  return { channelId, receipt: await context.sender(tx) };
}
