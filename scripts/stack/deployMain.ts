/**
 * Child-process entry: deploys the Ignition module `scripts/ignition/modules/Cairn.ts` to the
 * node at `<rpcUrl>` (the project's `localhost` network, pointed at that URL) with Hardhat's
 * own `ignition deploy` task. The addresses land in Ignition's
 * `scripts/ignition/deployments/<deploymentId>/deployed_addresses.json`.
 *
 * Without --reset the deployment continues Ignition's journal. Ignition wipes a localhost
 * deployment whenever the Hardhat node's `hardhat_metadata.instanceId` differs from the one
 * it saw last (it assumes a restarted node lost its state). A node restored from the chain
 * journal (chainJournal.ts) did not, so the new instance id is recorded first, in Ignition's
 * own `<cache>/.hardhat-network-instances.json`: Ignition then reconciles its journal with
 * the module and deploys only what changed.
 *
 * Usage: tsx scripts/stack/deployMain.ts <rpcUrl> <deploymentId> [--reset]
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
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
const reset = flag === "--reset";
if (!reset) {
  const connection = await hre.network.create();
  const { instanceId } = (await connection.provider.request({ method: "hardhat_metadata" })) as { instanceId: string };
  const file = join(hre.config.paths.cache, ".hardhat-network-instances.json");
  const instances = JSON.parse(await readFile(file, "utf8").catch(() => "{}")) as Record<string, string>;
  await mkdir(hre.config.paths.cache, { recursive: true });
  await writeFile(file, JSON.stringify({ ...instances, [deploymentId]: instanceId }, null, 2));
  await connection.close();
}
const result = (await hre.tasks.getTask(["ignition", "deploy"]).run({
  modulePath: "scripts/ignition/modules/Cairn.ts",
  deploymentId,
  reset,
})) as { type: string };
if (result.type !== "SUCCESSFUL_DEPLOYMENT") {
  console.error(`Ignition deployment failed: ${result.type}`);
  process.exitCode = 1;
}
