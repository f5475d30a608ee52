import { deployments } from "../contracts/generated.js";
import { UnsupportedChainError } from "./errors.js";
import type { CairnDeployment } from "./types.js";

/** The Cairn contracts deployed on `chainId` (from core/contracts/generated.ts); UnsupportedChainError if none. */
export function deploymentFor(chainId: number): CairnDeployment {
  const known = (deployments as Record<number, { keyDirectory: `0x${string}`; channelRegistry: `0x${string}`; fromBlock: number | bigint }>)[chainId];
  if (!known) throw new UnsupportedChainError(chainId, Object.keys(deployments).map(Number));
  return { keyDirectory: known.keyDirectory, channelRegistry: known.channelRegistry, fromBlock: BigInt(known.fromBlock) };
}
