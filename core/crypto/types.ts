import type { Address } from "viem";

/** The deployment a piece of ciphertext belongs to: chain and ChannelRegistry contract. */
export interface DeploymentContext {
  chainId: number | bigint;
  /** ChannelRegistry address. */
  registry: Address;
}

/** A channel key epoch within a deployment. */
export interface EpochContext extends DeploymentContext {
  /** On-chain channel id (uint256). */
  channelId: bigint;
  /** Key epoch, 1..2^32-1. */
  epoch: number;
}

/** An epoch context plus the wallet a message is attributed to (the Posted event's `sender`). */
export interface SenderContext extends EpochContext {
  sender: Address;
}

/** An X25519 key pair (raw 32-byte keys). */
export interface IdentityKeyPair {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}
