/**
 * `npm run dev`: the whole local stack in one command (DESIGN §6).
 *
 *   chain (Hardhat node, 127.0.0.1:8545, chain id 31337, persisted in .cairn/chain)
 *   → Ignition deployment → core/contracts/generated.ts
 *   → IPFS pinning node (WebSocket 127.0.0.1:4003, API 127.0.0.1:5050, blocks in .cairn/ipfs)
 *   → Next.js dev server on 127.0.0.1:3000
 *
 * Ports: CAIRN_RPC_PORT, CAIRN_PIN_PORT (pinning API), CAIRN_IPFS_WS_PORT, CAIRN_WEB_PORT.
 * Data: CAIRN_DATA_DIR (default .cairn). The pinning node serves the app's origin; accounts sign
 * in to it with their wallet. `npm run dev -- --reset` starts a new chain.
 * Ctrl-C (SIGINT) or SIGTERM stops every process; a second Ctrl-C kills them at once.
 */
import { Command } from "commander";
import { join, resolve } from "node:path";
import { regenerateContracts } from "./stack/regenerateContracts.js";
import { repoRoot } from "./stack/repoRoot.js";
import { DEFAULT_PORTS, portsFromEnv } from "./stack/stackConfig.js";
import { startStack, type RunningStack } from "./stack/startStack.js";
import { testAccounts } from "./stack/testAccounts.js";

const program = new Command("dev")
  .description("Start the local Cairn stack: chain, contracts, IPFS pinning node, web app")
  .option("--reset", "forget the recorded chain and start a new one (IPFS blocks are kept)", false)
  .option("--quiet", "do not echo the pinning node's and Next.js's output", false)
  .option("--accounts <n>", "test accounts to print", "5")
  .parse();
const flags = program.opts<{ reset: boolean; quiet: boolean; accounts: string }>();

const dataDir = resolve(repoRoot, process.env.CAIRN_DATA_DIR ?? ".cairn");
const ports = portsFromEnv(DEFAULT_PORTS);
const say = (line: string): void => console.log(`[dev] ${line}`);

let stack: RunningStack | undefined;
let shuttingDown = false;
async function shutdown(code: number): Promise<never> {
  if (shuttingDown) process.exit(code);
  shuttingDown = true;
  say("stopping…");
  await stack?.stop();
  say("stopped");
  process.exit(code);
}
let firstSignalAt = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    // Ctrl-C reaches this process several times at once (from the terminal, and relayed by
    // npm and tsx): only a signal well after the first one means "stop now"; then exit, and
    // the exit hook SIGKILLs every child group.
    if (shuttingDown) {
      if (Date.now() - firstSignalAt > 1500) process.exit(130);
      return;
    }
    firstSignalAt = Date.now();
    void shutdown(0);
  });
}

try {
  stack = await startStack({
    ports,
    dataDir,
    persistChain: true,
    reset: flags.reset,
    nextMode: "dev",
    deploymentId: "chain-31337",
    afterDeploy: () => regenerateContracts({ logFile: join(dataDir, "logs", "generate.log"), log: say }),
    echo: !flags.quiet,
    log: say,
  });
} catch (error) {
  for (let e: unknown = error; e !== undefined; e = e instanceof Error ? e.cause : undefined) {
    console.error(`[dev] ${e === error ? "failed" : "cause"}: ${e instanceof Error ? e.message : String(e)}`);
  }
  console.error(`[dev] logs: ${join(dataDir, "logs")}`);
  await shutdown(1);
}

const running = stack!;
const accounts = testAccounts(Number(flags.accounts));
const health = running.pinHealth as { multiaddrs?: string[] } | undefined;
console.log(`
  Cairn is running
  ────────────────
  App            ${running.urls.app}
  Chain RPC      ${running.urls.rpc}  (chain id 31337${running.replayedBlocks > 0 ? `, ${running.replayedBlocks} blocks restored` : ", new chain"})
  Pinning API    ${running.urls.pinApi}  (accounts sign in with their wallet; serves ${running.urls.app})
  IPFS node      ${health?.multiaddrs?.join(" ") ?? JSON.stringify(health)}
  Contracts      ${Object.entries(running.addresses).map(([id, address]) => `${id} ${address}`).join("\n                 ")}
  Data           ${dataDir}  (logs in ${running.logsDir})

  Test accounts (Hardhat's default mnemonic; never use them on a real network):
${accounts.map((a) => `  #${a.index}  ${a.address}  ${a.privateKey}`).join("\n")}

  Import a key into your wallet and add the network: RPC ${running.urls.rpc}, chain id 31337.
  Ctrl-C stops everything; \`npm run dev -- --reset\` starts a new chain.
`);

const crashed = await running.crashed;
say(`${crashed} exited unexpectedly; stopping the stack (logs in ${running.logsDir})`);
await shutdown(1);
