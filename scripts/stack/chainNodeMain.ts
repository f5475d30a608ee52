/**
 * Child-process entry for the local chain: Hardhat's own `node` task (EDR + its JSON-RPC
 * server), run on the project's config with the `node` network's genesis date pinned.
 *
 * `hardhat node` has no flag for the genesis date, and replaying a recorded chain (see
 * chainJournal.ts) needs the new genesis to be no later than the first recorded block.
 *
 * Usage: tsx scripts/stack/chainNodeMain.ts <port> [genesis ISO date]
 */
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import projectConfig from "../../hardhat.config.js";

const [portArg, initialDate] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0) throw new Error(`chainNodeMain: bad port ${portArg}`);

const hre = await createHardhatRuntimeEnvironment({
  ...projectConfig,
  networks: {
    ...projectConfig.networks,
    node: { type: "edr-simulated", chainType: "l1", chainId: 31337, ...(initialDate ? { initialDate } : {}) },
  },
});
await hre.tasks.getTask("node").run({ hostname: "127.0.0.1", port });
