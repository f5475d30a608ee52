/**
 * `npm run dev`: the whole local stack in one command (docs/LOCAL_STACK.md).
 *
 *   chain (Hardhat node, 127.0.0.1:8545, chain id 31337, persisted in .cairn/chain)
 *   → Ignition deployment → core/contracts/deployments.ts
 *   → IPFS pinning node (WebSocket 127.0.0.1:4003, API 127.0.0.1:5050, blocks in .cairn/ipfs)
 *   → Next.js dev server on 127.0.0.1:3000
 *
 * Ports: CAIRN_RPC_PORT, CAIRN_PIN_PORT (pinning API), CAIRN_IPFS_WS_PORT, CAIRN_WEB_PORT.
 * Data: CAIRN_DATA_DIR (default .cairn). The pinning node serves the app's origin; accounts sign
 * in to it with their wallet. `npm run dev -- --reset` starts a new chain.
 * `npm run dev -- --testnet-like` puts the testnet-like RPC harness in front of the chain
 * (scripts/stack/rpcHarness; flags below, or the CAIRN_* variables of harnessConfig.ts).
 * Ctrl-C (SIGINT) or SIGTERM stops every process; a second Ctrl-C kills them at once.
 */
import { Command } from "commander";
import { join, resolve } from "node:path";
import { regenerateContracts } from "./stack/regenerateContracts.js";
import { repoRoot } from "./stack/repoRoot.js";
import { DEFAULT_PORTS, portsFromEnv } from "./stack/stackConfig.js";
import { PROVIDER_ERROR_STYLES, type ProviderErrorStyle } from "./stack/rpcHarness/providerErrors.js";
import { testnetLikeFromEnv, type HarnessConfig, type TestnetLikeOptions } from "./stack/rpcHarness/harnessConfig.js";
import { startStack, type RunningStack } from "./stack/startStack.js";
import { testAccounts } from "./stack/testAccounts.js";

const program = new Command("dev")
  .description("Start the local Cairn stack: chain, contracts, IPFS pinning node, web app")
  .option("--reset", "forget the recorded chain and start a new one (IPFS blocks are kept)", false)
  .option("--quiet", "do not echo the pinning node's and Next.js's output", false)
  .option("--accounts <n>", "test accounts to print", "5")
  .option("--testnet-like", "run the chain like a public testnet, behind the RPC harness (the flags below imply it)")
  .option("--logs-range-cap <blocks>", "harness: largest eth_getLogs block range, 0 for none (default 1000)")
  .option("--logs-result-cap <logs>", "harness: most logs per eth_getLogs, 0 for none (default 10000)")
  .option("--rate <calls>", "harness: JSON-RPC calls per second, 0 for no limit (default 20)")
  .option("--latency <ms>", "harness: added latency per request (default 80)")
  .option("--error-style <style>", `harness: whose refusals to copy: ${PROVIDER_ERROR_STYLES.join(", ")} (default alchemy)`)
  .option("--block-time <seconds>", "seconds between blocks (default 12)")
  .option("--premine <blocks>", "blocks the chain has before the contracts are deployed, e.g. 1000000 (default 0)")
  .parse();
const flags = program.opts<{
  reset: boolean;
  quiet: boolean;
  accounts: string;
  testnetLike?: boolean;
  logsRangeCap?: string;
  logsResultCap?: string;
  rate?: string;
  latency?: string;
  errorStyle?: string;
  blockTime?: string;
  premine?: string;
}>();

/** --testnet-like and its flags over the CAIRN_* variables; undefined when neither asks for it. */
function testnetLikeOptions(): TestnetLikeOptions | undefined {
  const fromEnv = testnetLikeFromEnv();
  const number = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value.replaceAll("_", ""));
    if (!Number.isFinite(n) || n < 0) throw new TypeError(`--${flag} ${value} is not a number ≥ 0`);
    return n;
  };
  const harness: Partial<HarnessConfig> = { ...fromEnv?.harness };
  const set = <K extends keyof HarnessConfig>(key: K, value: HarnessConfig[K] | undefined) => {
    if (value !== undefined) harness[key] = value;
  };
  set("logsBlockRangeCap", number("logs-range-cap", flags.logsRangeCap));
  set("logsResultCap", number("logs-result-cap", flags.logsResultCap));
  const rate = number("rate", flags.rate);
  set("requestsPerSecond", rate);
  set("burst", rate);
  set("latencyMs", number("latency", flags.latency));
  if (flags.errorStyle !== undefined && !PROVIDER_ERROR_STYLES.includes(flags.errorStyle as ProviderErrorStyle)) {
    throw new TypeError(`--error-style ${flags.errorStyle}: use ${PROVIDER_ERROR_STYLES.join(", ")}`);
  }
  set("errorStyle", flags.errorStyle as ProviderErrorStyle | undefined);
  const blockTime = number("block-time", flags.blockTime);
  const premine = number("premine", flags.premine);
  const asked =
    fromEnv !== undefined || flags.testnetLike === true || Object.keys(harness).length > 0 || blockTime !== undefined || premine !== undefined;
  if (!asked) return undefined;
  return {
    harness,
    blockTimeMs: blockTime === undefined ? fromEnv?.blockTimeMs : blockTime * 1000,
    historyBlocks: premine ?? fromEnv?.historyBlocks,
  };
}
const testnetLike = testnetLikeOptions();

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
    // npm): only a signal well after the first one means "stop now"; then exit, and
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
    testnetLike,
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
const chainNote = [
  "chain id 31337",
  running.replayedBlocks > 0 ? `${running.replayedBlocks} blocks restored` : "new chain",
  ...(running.historyBlocks > 0 ? [`history of ${running.historyBlocks} blocks mined`] : []),
].join(", ");
const harness = running.harness;
const harnessLines =
  harness === undefined
    ? ""
    : (() => {
        const c = harness.config();
        return `
  RPC harness    testnet-like: eth_getLogs ≤ ${c.logsBlockRangeCap || "∞"} blocks, ≤ ${c.logsResultCap || "∞"} logs (${c.errorStyle} errors), ${c.requestsPerSecond || "∞"} calls/s, +${c.latencyMs} ms, a block every ${(testnetLike?.blockTimeMs ?? 12_000) / 1000} s
                 node behind it: ${running.nodeRpcUrl}
                 stats: curl ${harness.controlUrl}/stats   (reset: curl -X POST ${harness.controlUrl}/reset; faults: docs/LOCAL_STACK.md)`;
      })();
console.log(`
  Cairn is running
  ────────────────
  App            ${running.urls.app}
  Chain RPC      ${running.urls.rpc}  (${chainNote})${harnessLines}
  Pinning API    ${running.urls.pinApi}  (accounts sign in with their wallet; serves ${running.urls.app})
  Gateway        ${running.urls.pinApi}/ipfs/<cid>?format=raw  (trustless gateway: verified raw blocks, no token)
  IPFS node      ${running.pinHealth().multiaddrs.join(" ")}
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
