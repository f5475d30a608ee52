/**
 * The Cairn contracts on a Hardhat node (EDR) with a pre-mined history, behind the testnet-like
 * RPC harness: what the readers meet on a public endpoint (block-range cap, rate limit, latency)
 * with the real registry's pointer chains. Transactions and `hardhat_mine` go to the node
 * directly (uncounted); readers use `client()`, which goes through the harness and is counted.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { concat, createPublicClient, createWalletClient, http, numberToHex, toHex, type Abi, type Address, type Hex, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { channelIdFor, newChannelSalt } from "@cairn/core/chain";
import { createChannelTx, joinTx, postTx } from "@cairn/core/chain";
import type { CairnDeployment, TxRequest } from "@cairn/core/chain";
import { encodeChannelMetadata, encodePublicKeyMaterial, generateKey } from "@cairn/core/crypto";
import type { HarnessConfig } from "../scripts/stack/rpcHarness/harnessConfig.js";
import { startRpcHarness, type RpcHarness } from "../scripts/stack/rpcHarness/startRpcHarness.js";
import { repoRoot } from "../scripts/stack/repoRoot.js";
import { startChain, type RunningChain } from "../scripts/stack/startChain.js";
import { portsFromEnv, TEST_PORTS } from "../scripts/stack/stackConfig.js";
import { testAccount } from "../scripts/stack/testAccounts.js";

export type CairnChain = {
  chain: RunningChain;
  harness: RpcHarness;
  deployment: CairnDeployment & { windowBlocks: bigint };
  /** The node itself (not counted). */
  node: PublicClient;
  /** A new client through the harness (its own learnt range limit, like a fresh page). */
  client(): PublicClient;
  /** Any JSON-RPC call to the node. */
  rpc<T>(method: string, params?: unknown[]): Promise<T>;
  /** Sends a transaction from test account `from` and returns its block. */
  send(from: number, tx: TxRequest): Promise<bigint>;
  /** Mines `blocks` empty blocks at once. */
  mine(blocks: number | bigint): Promise<void>;
  createPublicChannel(from: number, name: string): Promise<bigint>;
  join(from: number, channelId: bigint): Promise<bigint>;
  /** Posts one wrapped CID of epoch `epoch` (random bytes after it) and returns its block. */
  post(from: number, channelId: bigint, epoch?: number): Promise<bigint>;
  stop(): Promise<void>;
};

async function artifact(name: string): Promise<{ abi: Abi; bytecode: Hex }> {
  return JSON.parse(await readFile(join(repoRoot, "artifacts", "contracts", `${name}.sol`, `${name}.json`), "utf8")) as { abi: Abi; bytecode: Hex };
}

/** A wrapped CID as the registry checks it: version 1, the epoch (u32), then 64 random-looking bytes. */
export const wrappedCidOf = (epoch: number) => concat(["0x01", numberToHex(epoch, { size: 4 }), toHex(generateKey()), toHex(generateKey())]);

export async function startCairnChain(options: { historyBlocks?: number; harness?: Partial<HarnessConfig>; windowBlocks?: number } = {}): Promise<CairnChain> {
  const port = portsFromEnv(TEST_PORTS).rpc;
  const chain = await startChain({ port, history: options.historyBlocks ? { blocks: options.historyBlocks, blockTimeSeconds: 12 } : undefined });
  try {
    const node = createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl) }) as PublicClient;
    const wallets = new Map<number, ReturnType<typeof createWalletClient>>();
    const wallet = (index: number) => {
      let client = wallets.get(index);
      if (!client) wallets.set(index, (client = createWalletClient({ account: privateKeyToAccount(testAccount(index).privateKey), chain: hardhat, transport: http(chain.rpcUrl) })));
      return client;
    };
    const deploy = async (name: string, args: unknown[]) => {
      const { abi, bytecode } = await artifact(name);
      const hash = await wallet(0).deployContract({ abi, bytecode, args, account: wallet(0).account!, chain: hardhat });
      const receipt = await node.waitForTransactionReceipt({ hash });
      return { address: receipt.contractAddress!, blockNumber: receipt.blockNumber };
    };
    const keyDirectory = await deploy("KeyDirectory", []);
    const windowBlocks = BigInt(options.windowBlocks ?? 1_000);
    const registry = await deploy("ChannelRegistry", [keyDirectory.address, Number(windowBlocks)]);
    const harness = await startRpcHarness({ upstreamUrl: chain.rpcUrl, port: 0, config: options.harness });
    const send = async (from: number, tx: TxRequest) => {
      const hash = await wallet(from).sendTransaction({ to: tx.to, data: tx.data, value: tx.value, account: wallet(from).account!, chain: hardhat });
      const receipt = await node.waitForTransactionReceipt({ hash, pollingInterval: 20 });
      if (receipt.status !== "success") throw new Error(`transaction ${hash} reverted`);
      return receipt.blockNumber;
    };
    const deployment = { keyDirectory: keyDirectory.address as Address, channelRegistry: registry.address as Address, fromBlock: registry.blockNumber, windowBlocks };
    return {
      chain,
      harness,
      deployment,
      node,
      client: () => createPublicClient({ chain: hardhat, transport: http(harness.url) }) as PublicClient,
      rpc: <T>(method: string, params: unknown[] = []) => node.request({ method, params } as never) as Promise<T>,
      send,
      async mine(blocks) {
        if (BigInt(blocks) > 0n) await node.request({ method: "hardhat_mine", params: [toHex(BigInt(blocks)), "0xc"] } as never);
      },
      async createPublicChannel(from, name) {
        const salt = newChannelSalt();
        const metadata = encodeChannelMetadata({ name, description: "" });
        await send(from, createChannelTx(deployment.channelRegistry, { salt, isPublic: true, metadata, keyMaterial: encodePublicKeyMaterial(generateKey()) }));
        return channelIdFor(testAccount(from).address, salt);
      },
      join: (from, channelId) => send(from, joinTx(deployment.channelRegistry, { channelId })),
      post: (from, channelId, epoch = 1) => send(from, postTx(deployment.channelRegistry, { channelId, wrappedCid: wrappedCidOf(epoch) })),
      async stop() {
        await harness.stop();
        await chain.stop();
      },
    };
  } catch (error) {
    await chain.stop();
    throw error;
  }
}
