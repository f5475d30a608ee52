/**
 * Child-process entry for the local chain: Hardhat's own `node` task (EDR + its JSON-RPC
 * server), run on the project's config with the `node` network adjusted:
 *
 * - `--initial-date`: the genesis date. `hardhat node` has no flag for it, and replaying a
 *   recorded chain (see chainJournal.ts) needs the genesis of the recorded one.
 * - `--chain-id`: default 31337 (another id makes a local stand-in for a live network).
 * - `allowBlocksWithSameTimestamp`: EDR gives a block the wall-clock time, but at least its
 *   parent's time + 1 s unless this is set. Bursts of more than one block a second (a busy
 *   test, `evm_mine` loops) then push block time ahead of the wall clock for good, which
 *   shifts every time-based check (session-key expiry). With it, a block takes
 *   max(parent time, wall clock): never ahead.
 *
 * Usage: tsx scripts/stack/chainNodeMain.ts --port <port> [--initial-date <ISO date>] [--chain-id <id>]
 */
import { parseArgs } from "node:util";
import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import projectConfig from "../../hardhat.config.js";
import { CHAIN_ID } from "./stackConfig.js";

const { values } = parseArgs({
  options: { port: { type: "string" }, "initial-date": { type: "string" }, "chain-id": { type: "string" } },
});
const port = Number(values.port);
const chainId = Number(values["chain-id"] ?? CHAIN_ID);
if (!Number.isInteger(port) || port <= 0) throw new Error(`chainNodeMain: bad --port ${values.port}`);
if (!Number.isInteger(chainId) || chainId <= 0) throw new Error(`chainNodeMain: bad --chain-id ${values["chain-id"]}`);
const initialDate = values["initial-date"];

const hre = await createHardhatRuntimeEnvironment({
  ...projectConfig,
  networks: {
    ...projectConfig.networks,
    node: {
      type: "edr-simulated",
      chainType: "l1",
      chainId,
      allowBlocksWithSameTimestamp: true,
      ...(initialDate ? { initialDate } : {}),
    },
  },
});
await hre.tasks.getTask("node").run({ hostname: "127.0.0.1", port });
