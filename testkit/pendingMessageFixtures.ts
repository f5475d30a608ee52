/** Shared pubsub test fixtures: a channel topic, sealed messages and offline-signed posts by Hardhat test accounts. */
import { CID } from "multiformats/cid";
import * as raw from "multiformats/codecs/raw";
import { sha256 } from "multiformats/hashes/sha2";
import { encodeFunctionData, toHex, type Address, type Hex, type PrivateKeyAccount } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { channelRegistryAbi } from "@cairn/core/contracts";
import { packBatch, wrapCid } from "@cairn/core/crypto";
import { sealMessage } from "@cairn/core/message";
import { messageKey } from "@cairn/core/channel";
import type { PendingMessageChecks } from "@cairn/core/pubsub";
import { encodePendingMessage } from "@cairn/core/pubsub";
import { testAccount } from "../scripts/stack/testAccounts.js";
import { fixedBytes } from "./vectorFormat.js";

export const deployment = { chainId: 31337, registry: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512" as Address };
export const topic = { ...deployment, channelId: 42n, epoch: 3, key: fixedBytes("pubsub epoch key", 32) };

/** Alice, a member; her session key; Mallory, who is a member only where a test says so. */
export const alice = privateKeyToAccount(testAccount(1).privateKey);
export const aliceSessionKey = privateKeyToAccount(testAccount(2).privateKey);
export const mallory = privateKeyToAccount(testAccount(3).privateKey);

export const NOW_S = 1_767_225_600;

export type Sealed = { block: Uint8Array; cid: CID; wrappedCid: Uint8Array; id: string };

/** A message block and its wrapped CID, sealed for `sender` in `context` (default: the topic's channel and epoch). */
export async function sealed(sender: Address, text: string, context: { channelId?: bigint; epoch?: number; key?: Uint8Array } = {}): Promise<Sealed> {
  const scope = { ...topic, ...context, sender };
  const block = await sealMessage({ ...scope, envelope: { timestamp: 1, text, attachments: [] } });
  const cid = CID.createV1(raw.code, await sha256.digest(block));
  return { block, cid, wrappedCid: await wrapCid({ ...scope, cid }), id: cid.toString() };
}

export type PostOptions = {
  /** Default post (one item) or postBatch (several). */
  functionName?: "post" | "postBatch" | "postAs" | "postBatchAs";
  /** For postAs / postBatchAs: the wallet posted for. */
  wallet?: Address;
  channelId?: bigint;
  nonce?: number;
  chainId?: number;
  to?: Address;
  type?: "eip1559" | "legacy";
};

/** The calldata of a post of `items`. */
export function postCalldata(items: readonly Uint8Array[], options: PostOptions = {}): Hex {
  const channelId = options.channelId ?? topic.channelId;
  const functionName = options.functionName ?? (items.length === 1 ? "post" : "postBatch");
  const payload = toHex(functionName.startsWith("postBatch") ? packBatch(items) : items[0]!);
  const wallet = options.wallet ?? alice.address;
  switch (functionName) {
    case "post":
    case "postBatch":
      return encodeFunctionData({ abi: channelRegistryAbi, functionName, args: [channelId, payload] });
    case "postAs":
    case "postBatchAs":
      return encodeFunctionData({ abi: channelRegistryAbi, functionName, args: [wallet, channelId, payload] });
  }
}

/** A transaction signed offline by `account` carrying `data` (default: to the registry on chain 31337, nonce 5). */
export function signTx(account: PrivateKeyAccount, data: Hex, options: PostOptions = {}): Promise<Hex> {
  const base = { chainId: options.chainId ?? deployment.chainId, nonce: options.nonce ?? 5, gas: 200_000n, to: options.to ?? deployment.registry, data };
  return options.type === "legacy"
    ? account.signTransaction({ ...base, type: "legacy", gasPrice: 1_000_000_000n })
    : account.signTransaction({ ...base, type: "eip1559", maxFeePerGas: 2_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n });
}

/** A pending message for `message`, posted (alone, or as `index` of `items`) in a transaction signed by `account`. */
export async function pending(account: PrivateKeyAccount, message: Sealed, options: PostOptions & { items?: Uint8Array[]; block?: Uint8Array; carried?: Uint8Array } = {}) {
  const items = options.items ?? [message.wrappedCid];
  const transaction = await signTx(account, postCalldata(items, options), options);
  return encodePendingMessage({ transaction, wrappedCid: options.carried ?? message.wrappedCid, block: options.block ?? message.block });
}

/** An in-memory chain view: Alice is a member, her session key is authorised for an hour, every nonce count is 5. */
export function chainView() {
  const members = new Set([alice.address.toLowerCase()]);
  const sessionKeys = new Map([[`${alice.address}/${aliceSessionKey.address}`.toLowerCase(), BigInt(NOW_S + 3600)]]);
  const counts = new Map<string, number>();
  const known = new Set<string>();
  const checks: PendingMessageChecks = {
    isMember: (channelId, account) => channelId === topic.channelId && members.has(account.toLowerCase()),
    sessionKeyExpiry: (wallet, key) => sessionKeys.get(`${wallet}/${key}`.toLowerCase()) ?? 0n,
    transactionCount: (account) => counts.get(account.toLowerCase()) ?? 5,
    isKnown: (key) => known.has(key),
    now: () => NOW_S,
  };
  return {
    checks,
    members,
    sessionKeys,
    setCount: (account: Address, count: number) => counts.set(account.toLowerCase(), count),
    markKnown: (sender: Address, id: string) => known.add(messageKey({ sender, id })),
  };
}
