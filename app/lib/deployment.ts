import type { Address } from "viem";
import type { CairnDeployment } from "../../core/chain";
import { deployments } from "../../core/contracts/generated";
import { appConfig } from "./config";

type GeneratedDeployment = { keyDirectory: Address; channelRegistry: Address; fromBlock: number | bigint };

const generated = (deployments as Partial<Record<number, GeneratedDeployment>>)[appConfig.chainId];

/**
 * The Cairn contracts on the configured chain (core/contracts/generated.ts), if deployed
 * there. `fromBlock` is normalised to a bigint, the type core's log readers compute with.
 */
export const appDeployment: CairnDeployment | undefined = generated && {
  keyDirectory: generated.keyDirectory,
  channelRegistry: generated.channelRegistry,
  fromBlock: BigInt(generated.fromBlock),
};
