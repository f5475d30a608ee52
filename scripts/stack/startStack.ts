/**
 * The whole local stack, in order: chain → contracts (Ignition) → after-deploy hook (address
 * generation) → [testnet-like: interval mining + RPC harness] → pinning node → Next.js. Ports,
 * data directory and Next mode are parameters, so `npm run dev`, the E2E tests and the app
 * benchmark run the same code side by side. `stop()` tears down in reverse order; the chain
 * goes last so its journal gets every block.
 *
 * The pinning node is supervised (restarted with backoff when it dies); the chain and Next.js
 * are not: if one of them dies, `crashed` says which.
 *
 * With `testnetLike`, the node listens on the RPC port + 1 and the testnet-like harness
 * (rpcHarness/startRpcHarness.ts) takes the RPC port: the app and every client go through it,
 * while the stack itself (deployment, journal) talks to the node directly.
 */
import { access, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Hex } from "viem";
import type { PinningHealth } from "@cairn/core/ipfs";
import { assertDeployedCodeCurrent } from "./assertDeployedCodeCurrent.js";
import { claimPort } from "./claimPort.js";
import { deployContracts, removeDeployment } from "./deployContracts.js";
import { ChainJournalBehindError, DeploymentOutdatedError } from "./errors.js";
import { appEnv, stackUrls, type StackPorts, type StackUrls } from "./stackConfig.js";
import { startChain, type RunningChain } from "./startChain.js";
import { buildNext, startNext, type NextMode } from "./startNext.js";
import { startPinningNode, type RunningPinningNode } from "./startPinningNode.js";
import { prepareAppCopy } from "./prepareAppCopy.js";
import { appBuildKey } from "./appBuildKey.js";
import type { Child } from "./startChild.js";
import { DEFAULT_BLOCK_TIME_MS, type TestnetLikeOptions } from "./rpcHarness/harnessConfig.js";
import { startRpcHarness, type RpcHarness } from "./rpcHarness/startRpcHarness.js";
import { superviseService } from "./superviseService.js";

export interface StackOptions {
  ports: StackPorts;
  /** Root for chain/ (journal), ipfs/ (blocks, peer id) and logs/. */
  dataDir: string;
  /** Keep the chain across restarts (block journal); off for throw-away stacks. */
  persistChain: boolean;
  /** Start a new chain even if a journal exists. */
  reset?: boolean;
  nextMode: NextMode;
  /** With nextMode "start": run `next build` first (with this stack's NEXT_PUBLIC_* values). */
  build?: boolean;
  /**
   * Build and run the app from a private copy in this directory (prepareAppCopy.ts). With
   * `build`, the copy and its build are kept and reused while appBuildKey() is unchanged.
   */
  appCopyDir?: string;
  /** Ignition deployment id (its journal lives in scripts/ignition/deployments/<id>). */
  deploymentId: string;
  /** Delete that Ignition journal on stop (test stacks). */
  removeDeploymentOnStop?: boolean;
  /** Runs after deployment, before the app starts (e.g. regenerate core/contracts/deployments.ts). */
  afterDeploy?: (addresses: Record<string, Hex>) => Promise<void>;
  /** Echo pinning node and Next.js output to stdout. */
  echo?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
  /** Run the chain like a public testnet behind the RPC harness (see above). */
  testnetLike?: TestnetLikeOptions;
}

export interface RunningStack {
  ports: StackPorts;
  urls: StackUrls;
  addresses: Record<string, Hex>;
  /** Blocks restored from the chain journal. */
  replayedBlocks: number;
  /** The pinning node's `/health` answer (of its latest start). */
  pinHealth(): PinningHealth;
  /** Times the pinning node was restarted after it died. */
  pinRestarts(): number;
  /** With `testnetLike`: the harness in front of the node (stats, faults, config). */
  harness?: RpcHarness;
  /** The node itself (behind the harness with `testnetLike`, else the same as urls.rpc). */
  nodeRpcUrl: string;
  /** Blocks mined for `testnetLike.historyBlocks`. */
  historyBlocks: number;
  /** The chain journal's state (persistent chains). */
  journalStatus(): ReturnType<RunningChain["journalStatus"]>;
  logsDir: string;
  /** Resolves (with the failing service's name) if a service dies while the stack runs. */
  crashed: Promise<string>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const log = options.log ?? (() => undefined);
  const logsDir = join(options.dataDir, "logs");
  const { ports } = options;
  const urls = stackUrls(ports);
  const testnet = options.testnetLike;
  const nodePort = testnet === undefined ? ports.rpc : ports.rpc + 1;
  await Promise.all([
    claimPort("chain RPC", ports.rpc, log),
    ...(nodePort === ports.rpc ? [] : [claimPort("chain node behind the RPC harness", nodePort, log)]),
    claimPort("pinning API", ports.pinApi, log),
    claimPort("pinning WebSocket", ports.pinWs, log),
    claimPort("web app", ports.web, log),
  ]);

  const stops: (() => Promise<void>)[] = [];
  const children: Child[] = [];
  let stopping = false;
  const stop = async (): Promise<void> => {
    stopping = true;
    for (const stopOne of stops.reverse().splice(0)) {
      await stopOne().catch((error: unknown) =>
        log(error instanceof ChainJournalBehindError ? `!!! ${error.message}` : `stop failed: ${String(error)}`),
      );
    }
  };

  try {
    const t0 = Date.now();
    const blockTimeMs = testnet?.blockTimeMs ?? DEFAULT_BLOCK_TIME_MS;
    const historyBlocks = testnet?.historyBlocks ?? 0;
    log(`chain: starting Hardhat node on http://127.0.0.1:${nodePort}`);
    const chain: RunningChain = await startChain({
      port: nodePort,
      dataDir: options.persistChain ? join(options.dataDir, "chain") : undefined,
      reset: options.reset,
      history: historyBlocks > 0 ? { blocks: historyBlocks, blockTimeSeconds: Math.round(blockTimeMs / 1000) } : undefined,
      logFile: join(logsDir, "chain.log"),
      onJournalError: (error) =>
        log(`!!! CHAIN JOURNAL BEHIND: ${error.shortMessage} (${String((error.cause as Error)?.message ?? error.cause)})`),
      onJournalRecovered: (block) => log(`chain journal caught up (block ${block})`),
    });
    stops.push(() => chain.stop());
    children.push(chain.child);
    log(
      chain.replayedBlocks > 0
        ? `chain: restored ${chain.replayedBlocks} blocks from the journal (${Date.now() - t0} ms)`
        : `chain: new chain (${Date.now() - t0} ms)`,
    );
    if (chain.historyBlocks > 0) log(`chain: mined a history of ${chain.historyBlocks} blocks (hardhat_mine)`);
    if (chain.clockAheadSeconds > 0) {
      log(`chain: the restored blocks run ${chain.clockAheadSeconds} s ahead of the wall clock; new blocks keep that lead`);
    }

    log(`contracts: Ignition deployment "${options.deploymentId}"`);
    if (options.removeDeploymentOnStop) stops.push(() => removeDeployment(options.deploymentId));
    const addresses = await deployContracts({
      rpcUrl: chain.rpcUrl,
      deploymentId: options.deploymentId,
      reset: chain.replayedBlocks === 0,
      logFile: join(logsDir, "deploy.log"),
    }).catch((error: unknown) => {
      throw chain.replayedBlocks > 0 ? new DeploymentOutdatedError(error) : error;
    });
    if (chain.replayedBlocks > 0) await assertDeployedCodeCurrent(chain.rpcUrl, addresses);
    for (const [id, address] of Object.entries(addresses)) log(`contracts: ${id} ${address}`);
    await options.afterDeploy?.(addresses);

    let harness: RpcHarness | undefined;
    if (testnet !== undefined) {
      await chain.mineEvery(blockTimeMs);
      harness = await startRpcHarness({ upstreamUrl: chain.rpcUrl, port: ports.rpc, config: testnet.harness });
      const stopHarness = harness.stop;
      stops.push(() => stopHarness());
      const c = harness.config();
      log(
        `rpc harness: ${urls.rpc} → node ${chain.rpcUrl}; blocks every ${blockTimeMs / 1000} s, eth_getLogs ≤ ${c.logsBlockRangeCap || "∞"} blocks ` +
          `and ≤ ${c.logsResultCap || "∞"} logs (${c.errorStyle} errors), ${c.requestsPerSecond || "∞"} calls/s, +${c.latencyMs} ms`,
      );
    }

    log(`ipfs: starting pinning node (API ${urls.pinApi}, WebSocket port ${ports.pinWs})`);
    const pinning = await superviseService<RunningPinningNode>({
      name: "pinning node",
      log: (line) => log(`ipfs: ${line}`),
      start: () =>
        startPinningNode({
          apiPort: ports.pinApi,
          wsPort: ports.pinWs,
          dataDir: join(options.dataDir, "ipfs"),
          allowOrigins: [urls.app],
          logFile: join(logsDir, "ipfs.log"),
          echo: options.echo,
        }),
    });
    stops.push(() => pinning.stop());

    const env = appEnv(ports);
    const projectDir = options.appCopyDir;
    if (projectDir === undefined) {
      if (options.nextMode === "start" && options.build) await build(env, undefined, logsDir, log);
    } else if (options.nextMode === "start" && options.build) {
      await buildCopyOnce(projectDir, env, logsDir, log);
    } else {
      await prepareAppCopy(projectDir);
    }
    log(`web: next ${options.nextMode} on ${urls.app}`);
    const next = await startNext({
      port: ports.web,
      mode: options.nextMode,
      env,
      projectDir,
      logFile: join(logsDir, "next.log"),
      echo: options.echo,
    });
    stops.push(() => next.stop());
    children.push(next);

    const crashed = Promise.race(
      children.map((child) => child.exited.then(() => child.name)),
    ).then((name) => (stopping ? new Promise<string>(() => undefined) : name));

    return {
      ports,
      urls,
      addresses,
      replayedBlocks: chain.replayedBlocks,
      pinHealth: () => pinning.current().health,
      pinRestarts: () => pinning.restarts(),
      harness,
      nodeRpcUrl: chain.rpcUrl,
      historyBlocks: chain.historyBlocks,
      journalStatus: () => chain.journalStatus(),
      logsDir,
      crashed,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function build(env: Record<string, string>, projectDir: string | undefined, logsDir: string, log: (line: string) => void) {
  log(`web: next build${projectDir === undefined ? "" : ` (in ${projectDir})`}`);
  const t0 = Date.now();
  await buildNext({ env, projectDir, logFile: join(logsDir, "next-build.log") });
  log(`web: built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const BUILD_KEY_FILE = ".cairn-build-key";

/** Builds the private copy unless it already holds a build of the same sources and settings. */
async function buildCopyOnce(projectDir: string, env: Record<string, string>, logsDir: string, log: (line: string) => void) {
  const key = await appBuildKey(env);
  const keyFile = join(projectDir, BUILD_KEY_FILE);
  const built = await readFile(keyFile, "utf8").catch(() => "");
  const hasBuild = await access(join(projectDir, ".next", "BUILD_ID")).then(() => true, () => false);
  if (built === key && hasBuild) {
    log(`web: reusing the build in ${projectDir} (same sources and settings)`);
    return;
  }
  await prepareAppCopy(projectDir);
  await build(env, projectDir, logsDir, log);
  await writeFile(keyFile, key);
}
