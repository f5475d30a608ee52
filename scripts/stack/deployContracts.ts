/**
 * Deploys the Cairn Ignition module to a running node (Hardhat's `ignition deploy`, see
 * deployMain.ts) and returns the deployed addresses by Ignition future id
 * (e.g. `Cairn#ChannelRegistry`).
 */
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import { repoRoot } from "./repoRoot.js";
import { runToCompletion } from "./runToCompletion.js";
import { startTsxChild } from "./startTsxChild.js";

export interface DeployOptions {
  rpcUrl: string;
  /** Ignition deployment id; `chain-31337` is what `hardhat ignition deploy --network localhost` uses. */
  deploymentId: string;
  /** Wipe Ignition's journal for this id first (a new chain). */
  reset: boolean;
  logFile?: string;
  echo?: boolean;
}

export function ignitionDeploymentDir(deploymentId: string): string {
  return join(repoRoot, "scripts", "ignition", "deployments", deploymentId);
}

export async function deployContracts(options: DeployOptions): Promise<Record<string, Hex>> {
  const args = [options.rpcUrl, options.deploymentId, ...(options.reset ? ["--reset"] : [])];
  await runToCompletion(
    startTsxChild("scripts/stack/deployMain.ts", args, { name: "deploy", logFile: options.logFile, echo: options.echo }),
  );
  const file = join(ignitionDeploymentDir(options.deploymentId), "deployed_addresses.json");
  return JSON.parse(await readFile(file, "utf8")) as Record<string, Hex>;
}

/** Removes an Ignition deployment's journal (for throw-away test deployments). */
export async function removeDeployment(deploymentId: string): Promise<void> {
  await rm(ignitionDeploymentDir(deploymentId), { recursive: true, force: true });
}
