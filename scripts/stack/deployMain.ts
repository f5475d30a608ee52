/**
 * Child-process entry: deploys the Ignition module `scripts/ignition/modules/Cairn.ts` to the
 * node at `<rpcUrl>` (the project's `localhost` network, pointed at that URL) with Hardhat's
 * own `ignition deploy` task. The addresses land in Ignition's
 * `scripts/ignition/deployments/<deploymentId>/deployed_addresses.json`.
 *
 * Usage: tsx scripts/stack/deployMain.ts <rpcUrl> <deploymentId> [--reset]
 */
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import projectConfig from "../../hardhat.config.js";

const [rpcUrl, deploymentId, flag] = process.argv.slice(2);
if (!rpcUrl || !deploymentId) throw new Error("usage: deployMain.ts <rpcUrl> <deploymentId> [--reset]");

const hre = await createHardhatRuntimeEnvironment(
  {
    ...projectConfig,
    networks: { ...projectConfig.networks, localhost: { type: "http", chainType: "l1", url: rpcUrl } },
  },
  { network: "localhost" },
);
const result = (await hre.tasks.getTask(["ignition", "deploy"]).run({
  modulePath: "scripts/ignition/modules/Cairn.ts",
  deploymentId,
  reset: flag === "--reset",
})) as { type: string };
if (result.type !== "SUCCESSFUL_DEPLOYMENT") {
  console.error(`Ignition deployment failed: ${result.type}`);
  process.exitCode = 1;
}
