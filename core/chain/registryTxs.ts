import { encodeFunctionData, toHex, type Address, type Hex } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { packBatch } from "../crypto/index.js";
import type { BytesLike, TxRequest } from "./types.js";

/**
 * Transaction builders for every state-changing call of the ChannelRegistry. Creations take the
 * channel's `salt` (newChannelSalt); the id follows from it (channelIdFor).
 */

const hex = (bytes: BytesLike) => (typeof bytes === "string" ? bytes : toHex(bytes));
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function createChannelTx(
  registry: Address,
  params: { salt: Hex; isPublic: boolean; metadata: BytesLike; keyMaterial: BytesLike },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "createChannel",
      args: [params.salt, params.isPublic, hex(params.metadata), hex(params.keyMaterial)],
    }),
    description: `Create a ${params.isPublic ? "public" : "private"} channel`,
  };
}

export function createPrivateChannelTx(
  registry: Address,
  params: { salt: Hex; metadata: BytesLike; creatorKey: BytesLike; members: readonly Address[]; sealedKeys: readonly BytesLike[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "createPrivateChannel",
      args: [params.salt, hex(params.metadata), hex(params.creatorKey), [...params.members], params.sealedKeys.map(hex)],
    }),
    description: `Create a private channel with ${plural(params.members.length, "other member")}`,
  };
}

export function createDirectChannelTx(
  registry: Address,
  params: { salt: Hex; peer: Address; metadata: BytesLike; creatorKey: BytesLike; peerKey: BytesLike },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "createDirectChannel",
      args: [params.salt, params.peer, hex(params.metadata), hex(params.creatorKey), hex(params.peerKey)],
    }),
    description: `Start a direct channel with ${params.peer}`,
  };
}

export function updateMetadataTx(registry: Address, params: { channelId: bigint; metadata: BytesLike }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "updateMetadata",
      args: [params.channelId, hex(params.metadata)],
    }),
    description: `Update the name and details of channel #${params.channelId}`,
  };
}

export function joinTx(registry: Address, params: { channelId: bigint }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "join", args: [params.channelId] }),
    description: `Join channel #${params.channelId}`,
  };
}

export function leaveTx(registry: Address, params: { channelId: bigint }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "leave", args: [params.channelId] }),
    description: `Leave channel #${params.channelId}`,
  };
}

export function addMemberTx(
  registry: Address,
  params: { channelId: bigint; account: Address; sealedKey: BytesLike },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "addMember",
      args: [params.channelId, params.account, hex(params.sealedKey)],
    }),
    description: `Add ${params.account} to channel #${params.channelId}`,
  };
}

export function shareEpochKeysTx(
  registry: Address,
  params: { channelId: bigint; account: Address; epochs: readonly number[]; sealedKeys: readonly BytesLike[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "shareEpochKeys",
      args: [params.channelId, params.account, [...params.epochs], params.sealedKeys.map(hex)],
    }),
    description: `Share ${plural(params.epochs.length, "older key")} of channel #${params.channelId} with ${params.account}`,
  };
}

export function removeMemberTx(registry: Address, params: { channelId: bigint; account: Address }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "removeMember",
      args: [params.channelId, params.account],
    }),
    description: `Remove ${params.account} from channel #${params.channelId}`,
  };
}

export function rotateKeyTx(
  registry: Address,
  params: { channelId: bigint; members: readonly Address[]; sealedKeys: readonly BytesLike[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "rotateKey",
      args: [params.channelId, [...params.members], params.sealedKeys.map(hex)],
    }),
    description: `Give channel #${params.channelId} a new key for ${plural(params.members.length, "member")}`,
  };
}

export function removeMemberAndRotateTx(
  registry: Address,
  params: { channelId: bigint; account: Address; members: readonly Address[]; sealedKeys: readonly BytesLike[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "removeMemberAndRotate",
      args: [params.channelId, params.account, [...params.members], params.sealedKeys.map(hex)],
    }),
    description: `Remove ${params.account} from channel #${params.channelId} and give the others a new key`,
  };
}

export function transferAdminTx(registry: Address, params: { channelId: bigint; newAdmin: Address }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "transferAdmin",
      args: [params.channelId, params.newAdmin],
    }),
    description: `Make ${params.newAdmin} the admin of channel #${params.channelId}`,
  };
}

export function postTx(registry: Address, params: { channelId: bigint; wrappedCid: BytesLike }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "post",
      args: [params.channelId, hex(params.wrappedCid)],
    }),
    description: `Post a message to channel #${params.channelId}`,
  };
}

export function postBatchTx(
  registry: Address,
  params: { channelId: bigint; wrappedCids: readonly Uint8Array[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "postBatch",
      args: [params.channelId, toHex(packBatch(params.wrappedCids))],
    }),
    description: `Post ${plural(params.wrappedCids.length, "message")} to channel #${params.channelId}`,
  };
}

export function postAsTx(
  registry: Address,
  params: { wallet: Address; channelId: bigint; wrappedCid: BytesLike },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "postAs",
      args: [params.wallet, params.channelId, hex(params.wrappedCid)],
    }),
    description: `Post a message to channel #${params.channelId} for ${params.wallet} (session key)`,
  };
}

export function postBatchAsTx(
  registry: Address,
  params: { wallet: Address; channelId: bigint; wrappedCids: readonly Uint8Array[] },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "postBatchAs",
      args: [params.wallet, params.channelId, toHex(packBatch(params.wrappedCids))],
    }),
    description: `Post ${plural(params.wrappedCids.length, "message")} to channel #${params.channelId} for ${params.wallet} (session key)`,
  };
}

export function authorizeSessionKeyTx(
  registry: Address,
  params: { key: Address; expiry: bigint; funding?: bigint },
): TxRequest {
  const until = new Date(Number(params.expiry) * 1000).toISOString();
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "authorizeSessionKey",
      args: [params.key, params.expiry],
    }),
    ...(params.funding ? { value: params.funding } : {}),
    description: `Let session key ${params.key} post for you until ${until}`,
  };
}

export function revokeSessionKeyTx(registry: Address, params: { key: Address }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "revokeSessionKey", args: [params.key] }),
    description: `Revoke session key ${params.key}`,
  };
}
