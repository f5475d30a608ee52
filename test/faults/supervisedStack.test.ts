/**
 * The supervised dev stack, in its own orchestrator process (fixtures/stackOrchestrator.ts),
 * run testnet-like (2 s blocks, a 100,000-block history, the RPC harness in front):
 * - clients reach the chain through the harness, which caps eth_getLogs and counts calls;
 * - a SIGKILLed pinning node is restarted while the chain and the app keep answering;
 * - a SIGKILL of the orchestrator leaves no process and no port behind.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { after, before, describe, it } from "node:test";
import { createPublicClient, http, type Hex } from "viem";
import { removeDeployment } from "../../scripts/stack/deployContracts.js";
import { findPortHolder, isAlive, ORCHESTRATOR_VARIABLE } from "../../scripts/stack/portHolder.js";
import { repoRoot } from "../../scripts/stack/repoRoot.js";
import { portsFromEnv, TEST_PORTS, type StackPorts } from "../../scripts/stack/stackConfig.js";
import { waitUntil } from "../../scripts/stack/waitUntil.js";

const base = portsFromEnv(TEST_PORTS);
const ports: StackPorts = { rpc: base.rpc + 40, pinApi: base.pinApi + 40, pinWs: base.pinWs + 40, web: base.web + 40 };
const allPorts = [ports.rpc, ports.rpc + 1, ports.pinApi, ports.pinWs, ports.web];

interface Ready {
  urls: { app: string; rpc: string; pinApi: string };
  nodeRpcUrl: string;
  controlUrl: string;
  addresses: Record<string, Hex>;
}

/** Every process started for the stack of `orchestratorPid` (they carry its pid in their environment). */
async function stackProcesses(orchestratorPid: number): Promise<number[]> {
  const pids: number[] = [];
  for (const name of await readdir("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const environ = await readFile(`/proc/${name}/environ`, "utf8").catch(() => "");
    if (environ.split("\0").includes(`${ORCHESTRATOR_VARIABLE}=${orchestratorPid}`)) pids.push(Number(name));
  }
  return pids;
}

const answers = async (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(10_000) }).then(
    () => true,
    () => false,
  );

describe("supervised testnet-like dev stack", { timeout: 600_000 }, () => {
  let dataDir: string;
  let orchestrator: ChildProcess;
  let ready: Ready;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cairn-faults-"));
    orchestrator = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "test/faults/fixtures/stackOrchestrator.ts"), dataDir], {
      cwd: repoRoot,
      env: {
        ...process.env,
        CAIRN_RPC_PORT: String(ports.rpc),
        CAIRN_PIN_PORT: String(ports.pinApi),
        CAIRN_IPFS_WS_PORT: String(ports.pinWs),
        CAIRN_WEB_PORT: String(ports.web),
        CAIRN_BLOCK_TIME_MS: "2000",
        CAIRN_HISTORY_BLOCKS: "100000",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    ready = await new Promise<Ready>((resolve, reject) => {
      const lines = createInterface({ input: orchestrator.stdout! });
      lines.on("line", (line) => {
        if (line.startsWith("READY ")) resolve(JSON.parse(line.slice(6)) as Ready);
        else console.log(line);
      });
      orchestrator.once("exit", (code) => reject(new Error(`the orchestrator exited (${code}) before the stack was ready`)));
    });
  });

  after(async () => {
    if (orchestrator.exitCode === null && orchestrator.signalCode === null) orchestrator.kill("SIGKILL");
    for (const pid of await stackProcesses(orchestrator.pid!)) process.kill(pid, "SIGKILL");
    await removeDeployment(`faults-${ports.rpc}`);
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves the chain through the testnet-like harness: history, block time, log caps, counts", async () => {
    const client = createPublicClient({ transport: http(ready.urls.rpc, { retryCount: 0 }) });
    const head = await client.getBlockNumber();
    assert.ok(head > 100_000n, `head ${head}`);
    assert.notEqual(await client.getCode({ address: ready.addresses["Cairn#ChannelRegistry"]! }), undefined);
    const refused = await fetch(ready.urls.rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [{ fromBlock: "0x1", toBlock: "0x7d0" }] }),
    });
    assert.equal(refused.status, 400);
    const stats = (await (await fetch(`${ready.controlUrl}/stats`)).json()) as { byMethod: Record<string, number> };
    assert.ok((stats.byMethod.eth_blockNumber ?? 0) >= 1);
    assert.equal(stats.byMethod.eth_getLogs, 1);
    // Interval mining: new blocks come by themselves, about 2 s apart, never ahead of the wall clock.
    const later = await waitUntil(async () => {
      const n = await client.getBlockNumber({ cacheTime: 0 });
      return n >= head + 2n ? n : undefined;
    }, { what: "two new blocks", timeoutMs: 15_000, intervalMs: 500 });
    const [a, b] = await Promise.all([later - 1n, later].map((blockNumber) => client.getBlock({ blockNumber })));
    assert.ok(Number(b!.timestamp - a!.timestamp) >= 1 && Number(b!.timestamp - a!.timestamp) <= 3);
    assert.ok(Number(b!.timestamp) <= Math.floor(Date.now() / 1000));
  });

  it("restarts a killed pinning node while the chain and the app keep answering", async () => {
    const before = (await findPortHolder(ports.pinApi))!;
    assert.ok(before !== undefined);
    process.kill(-before.pgid, "SIGKILL");
    const node = createPublicClient({ transport: http(ready.nodeRpcUrl, { retryCount: 0 }) });
    assert.ok((await node.getBlockNumber()) > 0n);
    assert.ok(await answers(ready.urls.app), "the app answers while the pinning node is down");
    await waitUntil(
      async () => {
        const holder = await findPortHolder(ports.pinApi);
        if (holder === undefined || holder.pid === before.pid) return undefined;
        return (await fetch(`${ready.urls.pinApi}/health`)).status === 200 ? true : undefined;
      },
      { what: "the restarted pinning node", timeoutMs: 60_000, intervalMs: 500 },
    );
    assert.ok((await node.getBlockNumber()) > 0n);
    assert.ok(await answers(ready.urls.app));
  });

  it("leaves no process and no port behind when the orchestrator is SIGKILLed", async () => {
    const pids = await stackProcesses(orchestrator.pid!);
    assert.ok(pids.length >= 3, `stack processes: ${pids.join(", ")}`);
    const exited = new Promise((resolve) => orchestrator.once("exit", resolve));
    orchestrator.kill("SIGKILL");
    await exited;
    await waitUntil(async () => (pids.every((pid) => !isAlive(pid)) ? true : undefined), {
      what: `the stack's processes (${pids.join(", ")}) to exit`,
      timeoutMs: 15_000,
      intervalMs: 250,
    });
    for (const port of allPorts) assert.equal(await findPortHolder(port), undefined, `port ${port} is free`);
  });
});
