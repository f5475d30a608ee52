import { encodeFunctionData, toHex, type Address, type Hex } from "viem";
import { channelRegistryAbi } from "../contracts/generated.js";
import { packBatch } from "../crypto/index.js";
import type { BytesLike, TxRequest } from "./types.js";

/**
 * Transaction builders for every state-changing call of the ChannelRegistry. Creations take the
 * channel's `salt` (newChannelSalt); the id follows from it (channelIdFor).
 */

const hex = (bytes: BytesLike) => (typeof bytes === "string" ? bytes : toHex(bytes));

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
  };
}

export function joinTx(registry: Address, params: { channelId: bigint }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "join", args: [params.channelId] }),
  };
}

export function leaveTx(registry: Address, params: { channelId: bigint }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "leave", args: [params.channelId] }),
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
  };
}

export function authorizeSessionKeyTx(
  registry: Address,
  params: { key: Address; expiry: bigint; funding?: bigint },
): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({
      abi: channelRegistryAbi,
      functionName: "authorizeSessionKey",
      args: [params.key, params.expiry],
    }),
    ...(params.funding ? { value: params.funding } : {}),
  };
}

export function revokeSessionKeyTx(registry: Address, params: { key: Address }): TxRequest {
  return {
    to: registry,
    data: encodeFunctionData({ abi: channelRegistryAbi, functionName: "revokeSessionKey", args: [params.key] }),
  };
}
