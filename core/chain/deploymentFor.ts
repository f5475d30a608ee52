import { deployments } from "../contracts/deployments.js";
import { UnsupportedChainError } from "./errors.js";
import type { CairnDeployment } from "./types.js";

type GeneratedDeployment = { keyDirectory: `0x${string}`; channelRegistry: `0x${string}`; fromBlock: number | bigint };

/** The Cairn contracts deployed on `chainId` (from core/contracts/deployments.ts), `fromBlock` as a bigint; undefined if none. */
export function findDeployment(chainId: number): CairnDeployment | undefined {
  const known = (deployments as Partial<Record<number, GeneratedDeployment>>)[chainId];
  return known && { keyDirectory: known.keyDirectory, channelRegistry: known.channelRegistry, fromBlock: BigInt(known.fromBlock) };
}

/** The Cairn contracts deployed on `chainId`; UnsupportedChainError if none. */
export function deploymentFor(chainId: number): CairnDeployment {
  const deployment = findDeployment(chainId);
  if (!deployment) throw new UnsupportedChainError(chainId, Object.keys(deployments).map(Number));
  return deployment;
}
