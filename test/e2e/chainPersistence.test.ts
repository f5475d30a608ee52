/**
 * The local chain survives a restart (what `npm run dev` relies on): blocks recorded in the
 * journal are replayed into a new Hardhat node, so contract addresses, channel ids, event
 * logs, block numbers and timestamps come back, Ignition does not redeploy, and the chain
 * keeps working with wall-clock timestamps. The replayed code is checked against the current build
 * (a chain running older builds is refused). `reset` starts over.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createPublicClient, createWalletClient, http, parseEventLogs, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { channelRegistryAbi } from "@cairn/core/contracts";
import { assertDeployedCodeCurrent } from "../../scripts/stack/assertDeployedCodeCurrent.js";
import { deployContracts, removeDeployment } from "../../scripts/stack/deployContracts.js";
import { DeployedCodeOutdatedError } from "../../scripts/stack/errors.js";
import { portsFromEnv, TEST_PORTS } from "../../scripts/stack/stackConfig.js";
import { startChain, type RunningChain } from "../../scripts/stack/startChain.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";

const port = portsFromEnv(TEST_PORTS).rpc + 10;
const deploymentId = `persistence-${port}`;
const REGISTRY = "Cairn#ChannelRegistry";

describe("chain persistence across restarts", { timeout: 300_000 }, () => {
  let dataDir: string;
  let chain: RunningChain | undefined;

  const start = async (reset = false) => {
    chain = await startChain({ port, dataDir, reset, logFile: join(dataDir, "chain.log") });
    return chain;
  };
  const stop = async () => {
    await chain?.stop();
    chain = undefined;
  };
  const clients = (rpcUrl: string) => ({
    read: createPublicClient({ transport: http(rpcUrl) }),
    write: createWalletClient({ account: privateKeyToAccount(testAccount(1).privateKey), transport: http(rpcUrl) }),
  });
  const deploy = (rpcUrl: string, reset: boolean) =>
    deployContracts({ rpcUrl, deploymentId, reset, logFile: join(dataDir, "deploy.log") });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-chain-"));
  });
  after(async () => {
    await stop();
    await removeDeployment(deploymentId);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("restores channels and messages, keeps Ignition's deployment, then starts over on reset", async () => {
    // First life: deploy, create a channel, post to it.
    const first = await start();
    assert.equal(first.replayedBlocks, 0);
    const addresses = await deploy(first.rpcUrl, true);
    const registry = addresses[REGISTRY]!;
    const { read, write } = clients(first.rpcUrl);
    const contract = { address: registry, abi: channelRegistryAbi, chain: null } as const;
    const mined = async (hash: Hex) => read.waitForTransactionReceipt({ hash });
    const created = await mined(
      await write.writeContract({ ...contract, functionName: "createChannel", args: [`0x${"5a".repeat(32)}`, true, "0x1234", `0x${"11".repeat(32)}`] }),
    );
    const [channelCreated] = parseEventLogs({ abi: channelRegistryAbi, logs: created.logs, eventName: "ChannelCreated" });
    const channelId = channelCreated!.args.channelId;
    await mined(await write.writeContract({ ...contract, functionName: "post", args: [channelId, `0x0100000001${"ab".repeat(40)}`] }));
    // Also an empty block and a block with two transactions (mined by hand).
    const rpc = (method: string, params: unknown[] = []) =>
      read.request({ method, params } as unknown as Parameters<typeof read.request>[0]);
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [false]);
    const batch = [
      await write.writeContract({ ...contract, functionName: "post", args: [channelId, `0x0100000001${"a1".repeat(40)}`] }),
      await write.writeContract({ ...contract, functionName: "post", args: [channelId, `0x0100000001${"a2".repeat(40)}`] }),
    ];
    await rpc("evm_mine");
    await rpc("evm_setAutomine", [true]);
    const batchReceipts = await Promise.all(batch.map(mined));
    assert.equal(batchReceipts[0]!.blockNumber, batchReceipts[1]!.blockNumber, "two transactions in one block");
    const logsBefore = await read.getContractEvents({ address: registry, abi: channelRegistryAbi, fromBlock: 0n });
    const headBefore = await read.getBlock();
    await stop();

    // Second life: everything is back, and the chain moves on.
    const second = await start();
    assert.equal(second.replayedBlocks, Number(headBefore.number));
    assert.deepEqual(await deploy(second.rpcUrl, false), addresses, "Ignition keeps its deployment");
    await assertDeployedCodeCurrent(second.rpcUrl, addresses);
    const keyDirectoryAtRegistry = { "Cairn#KeyDirectory": registry };
    await assert.rejects(
      assertDeployedCodeCurrent(second.rpcUrl, keyDirectoryAtRegistry),
      (error: unknown) => error instanceof DeployedCodeOutdatedError && /KeyDirectory/.test(error.message),
      "code that is not the current build of a contract is refused",
    );
    const again = clients(second.rpcUrl).read;
    const replayedHead = await again.getBlock({ blockNumber: headBefore.number });
    assert.equal(replayedHead.timestamp, headBefore.timestamp);
    assert.deepEqual(replayedHead.transactions, headBefore.transactions);
    const logsAfter = await again.getContractEvents({ address: registry, abi: channelRegistryAbi, fromBlock: 0n });
    const shape = (logs: typeof logsBefore) =>
      logs.map((l) => [l.eventName, l.blockNumber, l.logIndex, l.transactionHash, l.data, l.topics]);
    assert.deepEqual(shape(logsAfter), shape(logsBefore));
    assert.equal(logsAfter.filter((l) => l.eventName === "Posted").length, 3, "the messages are still there");

    const { write: writer } = clients(second.rpcUrl);
    const hash = await writer.writeContract({ ...contract, functionName: "post", args: [channelId, `0x0100000001${"cd".repeat(40)}`] });
    const receipt = await again.waitForTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    const newBlock = await again.getBlock({ blockNumber: receipt.blockNumber });
    assert.ok(
      Math.abs(Number(newBlock.timestamp) - Date.now() / 1000) < 30,
      "new blocks carry wall-clock timestamps after the replay",
    );
    await stop();

    // Reset: a new chain with nothing on it.
    const fresh = await start(true);
    assert.equal(fresh.replayedBlocks, 0);
    assert.equal(await clients(fresh.rpcUrl).read.getCode({ address: registry }), undefined);
  });
});
