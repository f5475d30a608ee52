import { appDeployment } from "./deployment";

/** `{ registry, fromBlock }` for core's log readers; throws when Cairn is not deployed on the chain. */
export function registryReadParams() {
  if (!appDeployment) throw new Error("Cairn is not deployed on this chain.");
  return { registry: appDeployment.channelRegistry, fromBlock: appDeployment.fromBlock };
}
