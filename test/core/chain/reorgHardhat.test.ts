import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { concat, createPublicClient, createWalletClient, http, keccak256, pad, stringToHex, toHex, type Hex, type Log, type PublicClient } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { bloomMayContain } from "@cairn/core/chain";
import { createLogSync, type LogDelta } from "@cairn/core/chain";
import { readBlockHeader } from "@cairn/core/chain";
import { startChain, type RunningChain } from "../../../scripts/stack/startChain.js";
import { portsFromEnv, TEST_PORTS } from "../../../scripts/stack/stackConfig.js";
import { testAccount } from "../../../scripts/stack/testAccounts.js";
import { until } from "../until.js";

/** topic0 of `Note(uint256 indexed channel, bytes32 data)`. */
const NOTE = keccak256(stringToHex("Note(uint256,bytes32)"));
/**
 * A contract that emits Note(calldata[0..32], calldata[32..64]) on any call:
 * runtime `PUSH1 32 CALLDATALOAD PUSH1 0 MSTORE PUSH1 0 CALLDATALOAD PUSH32 NOTE PUSH1 32 PUSH1 0 LOG2 STOP`.
 */
const RUNTIME = concat(["0x6020356000526000357f", NOTE, "0x60206000a200"]);
const INIT = concat([`0x60${(RUNTIME.length / 2 - 1).toString(16)}600c60003960${(RUNTIME.length / 2 - 1).toString(16)}6000f3`, RUNTIME]);
const CHANNEL = pad("0x07", { size: 32 });
const numbers = (logs: readonly Log[]) => logs.map((log) => Number(BigInt(log.data)));

describe("reorgs on a Hardhat node (evm_snapshot / evm_revert, then other blocks)", () => {
  let chain: RunningChain;
  let client: PublicClient;
  let emitter: Hex;
  let post: (n: number) => Promise<bigint>;
  const rpc = <T>(method: string, params: unknown[] = []) => client.request({ method, params } as never) as Promise<T>;

  beforeAll(async () => {
    chain = await startChain({ port: portsFromEnv(TEST_PORTS).rpc });
    client = createPublicClient({ chain: hardhat, transport: http(chain.rpcUrl) }) as PublicClient;
    const wallet = createWalletClient({ account: privateKeyToAccount(testAccount(0).privateKey), chain: hardhat, transport: http(chain.rpcUrl) });
    const deployed = await client.waitForTransactionReceipt({ hash: await wallet.deployContract({ abi: [], bytecode: INIT }) });
    emitter = deployed.contractAddress!;
    post = async (n) => {
      const hash = await wallet.sendTransaction({ to: emitter, data: concat([CHANNEL, toHex(n, { size: 32 })]) });
      return (await client.waitForTransactionReceipt({ hash })).blockNumber;
    };
  }, 120_000);

  afterAll(async () => {
    await chain?.stop();
  });

  const engine = (keepBlocks?: number) => {
    const sync = createLogSync({ client, address: emitter, events: [NOTE], fromBlock: 1n, keepBlocks });
    sync.add(CHANNEL);
    return sync;
  };

  it("replacing the last 2 blocks: the removed messages disappear, the new ones appear once", async () => {
    const sync = engine();
    await post(1);
    const snapshot = await rpc<Hex>("evm_snapshot");
    const replaced = [await post(2), await post(3)];
    expect(numbers((await sync.sync()).added)).toEqual([1, 2, 3]);
    // Hardhat 3 (EDR) sends each log's blockTimestamp: messages get their block time without a header request.
    expect(sync.logs(CHANNEL).every((log) => typeof log.blockTimestamp === "bigint")).toBe(true);

    await rpc("evm_revert", [snapshot]);
    const again = [await post(20), await post(30), await post(40)];
    expect(again.slice(0, 2)).toEqual(replaced);
    const delta = await sync.sync();
    expect(numbers(delta.removed)).toEqual([2, 3]);
    expect(numbers(delta.added)).toEqual([20, 30, 40]);
    expect(numbers(sync.logs(CHANNEL))).toEqual([1, 20, 30, 40]);
  }, 60_000);

  it("a long-running follower survives a deeper rollback: messages in re-used block numbers arrive, vanished ones leave", async () => {
    const sync = engine();
    const deltas: LogDelta<Log>[] = [];
    const stop = sync.follow({ pollingInterval: 50, onDelta: (delta) => void deltas.push(delta) });
    try {
      await until(() => deltas.length > 0, 20_000);
      const shown = () => numbers(sync.logs(CHANNEL));
      const snapshot = await rpc<Hex>("evm_snapshot");
      for (const n of [100, 101, 102, 103, 104]) await post(n);
      await until(() => shown().includes(104), 20_000);
      await rpc("evm_revert", [snapshot]);
      await rpc("hardhat_mine", ["0x2"]);
      for (const n of [200, 201, 202, 203, 204, 205]) await post(n);
      await until(() => shown().includes(205), 20_000);
      expect(shown().filter((n) => n >= 100)).toEqual([200, 201, 202, 203, 204, 205]);
      const everAdded = deltas.flatMap((delta) => numbers(delta.added));
      const everRemoved = deltas.flatMap((delta) => numbers(delta.removed));
      expect(everRemoved.sort()).toEqual([100, 101, 102, 103, 104]);
      expect(everAdded.filter((n) => n >= 200)).toEqual([200, 201, 202, 203, 204, 205]);
    } finally {
      stop();
    }
  }, 60_000);

  it("a rollback deeper than the kept hashes resets the member and reads it again whole", async () => {
    const sync = engine(2);
    const before = numbers((await sync.sync()).added);
    const snapshot = await rpc<Hex>("evm_snapshot");
    for (const n of [300, 301, 302, 303]) {
      await post(n);
      await sync.sync();
    }
    await rpc("evm_revert", [snapshot]);
    for (const n of [400, 401, 402, 403, 404]) await post(n);
    const delta = await sync.sync();
    expect(numbers(delta.removed)).toEqual([...before, 300, 301, 302, 303]);
    expect(numbers(sync.logs(CHANNEL))).toEqual([...before, 400, 401, 402, 403, 404]);
  }, 60_000);

  it("the node's logs blooms hold the contract of every log, and rule it out of an empty block", async () => {
    const block = await post(500);
    await rpc("hardhat_mine", ["0x1"]);
    const [withLog, empty] = await Promise.all([readBlockHeader(client, block), readBlockHeader(client, block + 1n)]);
    expect(bloomMayContain(withLog.logsBloom!, emitter)).toBe(true);
    expect(bloomMayContain(withLog.logsBloom!, NOTE)).toBe(true);
    expect(bloomMayContain(empty.logsBloom!, emitter)).toBe(false);
    expect(bloomMayContain(withLog.logsBloom!, "0x000000000000000000000000000000000000dead")).toBe(false);
  }, 60_000);
});
