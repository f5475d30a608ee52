/**
 * The testnet-like RPC harness in front of a local node: the eth_getLogs range and result caps
 * answer with the providers' error shapes, the rate limit answers 429 with Retry-After and
 * counts every call of a batch, latency is added, calls are counted by method (library API and
 * control endpoint), and each fault does what it says: a dropped or truncated reply leaves the
 * transaction mined while the client sees an error.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { createPublicClient, createWalletClient, http, keccak256, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { DEFAULT_HARNESS_CONFIG } from "../../scripts/stack/rpcHarness/harnessConfig.js";
import { startRpcHarness, type RpcHarness } from "../../scripts/stack/rpcHarness/startRpcHarness.js";
import { CHAIN_ID, portsFromEnv, TEST_PORTS } from "../../scripts/stack/stackConfig.js";
import { startChain, type RunningChain } from "../../scripts/stack/startChain.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { probeChain } from "./fixtures/probeChain.js";

const port = portsFromEnv(TEST_PORTS).rpc + 30;

interface Reply {
  status: number;
  retryAfter: string | null;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

async function post(url: string, body: unknown): Promise<Reply> {
  const t0 = performance.now();
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get("retry-after"), body: JSON.parse(text), ms: performance.now() - t0 };
}

const call = (method: string, params: unknown[] = [], id = 1) => ({ jsonrpc: "2.0", id, method, params });
const hex = (n: number) => `0x${n.toString(16)}`;
const getLogs = (from: number, to: number, id = 1) => call("eth_getLogs", [{ fromBlock: hex(from), toBlock: hex(to) }], id);

describe("testnet-like RPC harness", { timeout: 120_000 }, () => {
  let chain: RunningChain;
  let harness: RpcHarness;
  let node: ReturnType<typeof probeChain>;
  let logBlocks: bigint[];

  before(async () => {
    chain = await startChain({ port });
    node = probeChain(chain.rpcUrl);
    await node.raw("hardhat_mine", [hex(2_000), "0x0"]);
    const probe = await node.deployProbe();
    logBlocks = [];
    for (let i = 0; i < 5; i++) logBlocks.push((await node.poke(probe)).blockNumber);
    harness = await startRpcHarness({ upstreamUrl: chain.rpcUrl });
  });
  after(async () => {
    await harness?.stop();
    await chain?.stop();
  });
  beforeEach(() => {
    harness.clearFaults();
    harness.configure({ ...DEFAULT_HARNESS_CONFIG, latencyMs: 0, requestsPerSecond: 0 });
    harness.reset();
  });

  it("refuses eth_getLogs over more blocks than the cap with the provider's error shape", async () => {
    assert.equal(DEFAULT_HARNESS_CONFIG.logsBlockRangeCap, 1_000);
    const allowed = await post(harness.url, getLogs(1, 1_000));
    assert.equal(allowed.status, 200);
    assert.deepEqual(allowed.body.result, []);

    const alchemy = await post(harness.url, getLogs(1, 1_001));
    assert.equal(alchemy.status, 400);
    assert.equal(alchemy.body.error.code, -32600);
    assert.equal(
      alchemy.body.error.message,
      "You can make eth_getLogs requests with up to a 1000 block range. Based on your parameters, this block range should work: [0x1, 0x3e8]",
    );

    harness.configure({ errorStyle: "infura" });
    const infura = await post(harness.url, call("eth_getLogs", [{ fromBlock: "earliest", toBlock: "latest" }]));
    assert.equal(infura.status, 200);
    assert.equal(infura.body.error.code, -32602);
    assert.match(infura.body.error.message, /^range \d+ exceeds limit of 1000$/);

    harness.configure({ errorStyle: "quicknode", logsBlockRangeCap: 10_000 });
    assert.equal((await post(harness.url, getLogs(0, Number(logBlocks[4])))).body.result.length, 5);
    harness.configure({ logsBlockRangeCap: 5 });
    assert.equal(
      (await post(harness.url, getLogs(0, Number(logBlocks[4])))).body.error.message,
      "eth_getLogs and eth_newFilter are limited to a 5 blocks range",
    );
    assert.equal(harness.stats().refused.blockRange, 3);
  });

  it("refuses eth_getLogs with more results than the cap, suggesting a range that fits", async () => {
    harness.configure({ logsResultCap: 3, logsBlockRangeCap: 0, errorStyle: "infura" });
    const from = Number(logBlocks[0]!);
    const to = Number(logBlocks[4]!);
    const refused = await post(harness.url, getLogs(from, to));
    assert.equal(refused.body.error.code, -32005);
    const fitsTo = Number(logBlocks[3]!) - 1;
    assert.equal(refused.body.error.message, `query returned more than 3 results. Try with this block range [${hex(from)}, ${hex(fitsTo)}].`);
    assert.deepEqual(refused.body.error.data, { from: hex(from), to: hex(fitsTo), limit: 3 });
    // The suggested range is accepted.
    assert.equal((await post(harness.url, getLogs(from, fitsTo))).body.result.length, 3);

    harness.configure({ errorStyle: "alchemy" });
    const alchemy = await post(harness.url, getLogs(from, to));
    assert.equal(alchemy.status, 400);
    assert.match(alchemy.body.error.message, /^Log response size exceeded\./);
    assert.equal(harness.stats().refused.resultCount, 2);
  });

  it("rate-limits with HTTP 429 and Retry-After, counting each call of a batch", async () => {
    harness.configure({ requestsPerSecond: 5, burst: 5 });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => post(harness.url, call("eth_chainId", [], i))));
    assert.equal(replies.filter((r) => r.status === 200).length, 5);
    const limited = replies.filter((r) => r.status === 429);
    assert.equal(limited.length, 3);
    for (const reply of limited) {
      assert.ok(Number(reply.retryAfter) >= 1, `Retry-After ${reply.retryAfter}`);
      assert.equal(reply.body.error.code, 429);
    }
    assert.equal(harness.stats().refused.rateLimited, 3);

    // A batch of 8 with a fresh budget of 5: five answered, three refused one by one.
    harness.reset();
    const batch = await post(harness.url, Array.from({ length: 8 }, (_, i) => call("eth_blockNumber", [], i)));
    assert.equal(batch.status, 200);
    assert.equal(batch.body.filter((answer: { result?: string }) => answer.result !== undefined).length, 5);
    assert.equal(batch.body.filter((answer: { error?: { code: number } }) => answer.error?.code === 429).length, 3);
    const stats = harness.stats();
    assert.equal(stats.calls, 8);
    assert.equal(stats.httpRequests, 1);
    assert.equal(stats.byMethod.eth_blockNumber, 8);
    assert.equal(stats.refused.rateLimited, 3);

    // Once the budget is spent, a whole request is refused with 429.
    const spent = await post(harness.url, [call("eth_chainId", [], 1)]);
    assert.equal(spent.status, 429);
    assert.ok(spent.retryAfter !== null);
  });

  it("caps each eth_getLogs of a batch on its own", async () => {
    const batch = await post(harness.url, [getLogs(0, 999, 1), getLogs(0, 1_999, 2), call("eth_chainId", [], 3)]);
    assert.equal(batch.status, 200);
    assert.ok(Array.isArray(batch.body[0].result));
    assert.equal(batch.body[1].error.code, -32600);
    assert.equal(Number(batch.body[2].result), CHAIN_ID);
  });

  it("adds latency", async () => {
    harness.configure({ latencyMs: 250 });
    const slow = await post(harness.url, call("eth_chainId"));
    assert.ok(slow.ms >= 250, `${slow.ms} ms`);
    harness.configure({ latencyMs: 0 });
    const fast = await post(harness.url, call("eth_chainId"));
    assert.ok(fast.ms < 200, `${fast.ms} ms`);
  });

  it("counts calls by method, through the library API and the control endpoint", async () => {
    for (let i = 0; i < 3; i++) await post(harness.url, call("eth_blockNumber"));
    await post(harness.url, [call("eth_chainId", [], 1), call("eth_chainId", [], 2)]);
    const stats = harness.stats();
    assert.deepEqual(stats.byMethod, { eth_blockNumber: 3, eth_chainId: 2 });
    assert.equal(stats.calls, 5);
    assert.equal(stats.httpRequests, 4);
    const overHttp = (await (await fetch(`${harness.controlUrl}/stats`)).json()) as typeof stats;
    assert.deepEqual(overHttp, stats);
    const config = (await (await fetch(`${harness.controlUrl}/config`, { method: "POST", body: '{"latencyMs": 5}' })).json()) as {
      latencyMs: number;
    };
    assert.equal(config.latencyMs, 5);
    assert.equal(harness.config().latencyMs, 5);
    await fetch(`${harness.controlUrl}/reset`, { method: "POST" });
    assert.equal(harness.stats().calls, 0);
    assert.deepEqual(harness.stats().byMethod, {});
  });

  describe("faults", () => {
    const sender = privateKeyToAccount(testAccount(3).privateKey);
    /** A signed transfer with the next nonce, and its hash. */
    const signedTransfer = async (): Promise<{ raw: Hex; hash: Hex }> => {
      const nonce = await node.read.getTransactionCount({ address: sender.address, blockTag: "pending" });
      const raw = await sender.signTransaction({
        chainId: CHAIN_ID,
        nonce,
        to: testAccount(4).address,
        value: 1n,
        gas: 21_000n,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1_000_000_000n,
      });
      return { raw, hash: keccak256(raw) };
    };
    const minedOnNode = async (hash: Hex) => (await node.read.waitForTransactionReceipt({ hash, timeout: 10_000 })).status;

    it("delay: the call reaches the node late; other methods are not affected", async () => {
      harness.addFault({ kind: "delay", methods: ["eth_chainId"], ms: 400 });
      const delayed = await post(harness.url, call("eth_chainId"));
      assert.ok(delayed.ms >= 400, `${delayed.ms} ms`);
      assert.equal(Number(delayed.body.result), CHAIN_ID);
      assert.ok((await post(harness.url, call("eth_blockNumber"))).ms < 300);
      assert.equal(harness.stats().faults.delay, 1);
    });

    it("stall: the node executes at once, the reply comes after the stall", async () => {
      harness.addFault({ kind: "stall", methods: ["eth_sendRawTransaction"], ms: 1_500, times: 1 });
      const { raw, hash } = await signedTransfer();
      const pending = post(harness.url, call("eth_sendRawTransaction", [raw]));
      assert.equal(await minedOnNode(hash), "success"); // mined while the reply is held
      const reply = await pending;
      assert.ok(reply.ms >= 1_500, `${reply.ms} ms`);
      assert.equal(reply.body.result, hash);
    });

    it("drop (reset): the transaction is mined but the client sees a connection error", async () => {
      harness.addFault({ kind: "drop", methods: ["eth_sendRawTransaction"], times: 1 });
      const wallet = createWalletClient({ account: sender, transport: http(harness.url, { retryCount: 0 }) });
      const { raw, hash } = await signedTransfer();
      await assert.rejects(wallet.sendRawTransaction({ serializedTransaction: raw }));
      assert.equal(await minedOnNode(hash), "success");
      // The rule was used up: the next send gets its answer.
      const next = await signedTransfer();
      assert.equal(await wallet.sendRawTransaction({ serializedTransaction: next.raw }), next.hash);
    });

    it("drop (hang): the transaction is mined but the client times out", async () => {
      harness.addFault({ kind: "drop", drop: "hang", methods: ["eth_sendRawTransaction"], times: 1 });
      const wallet = createWalletClient({ account: sender, transport: http(harness.url, { retryCount: 0, timeout: 1_000 }) });
      const { raw, hash } = await signedTransfer();
      await assert.rejects(wallet.sendRawTransaction({ serializedTransaction: raw }), { name: "TimeoutError" });
      assert.equal(await minedOnNode(hash), "success");
    });

    it("truncate: the client gets a cut reply, the transaction is mined", async () => {
      harness.addFault({ kind: "truncate", methods: ["eth_sendRawTransaction"], bytes: 20, times: 1 });
      const { raw, hash } = await signedTransfer();
      const response = await fetch(harness.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(call("eth_sendRawTransaction", [raw])),
      });
      const text = await response.text();
      assert.equal(text.length, 20);
      assert.throws(() => JSON.parse(text));
      assert.equal(await minedOnNode(hash), "success");
    });

    it("throttle: 429 with the rule's Retry-After, switched on and off through the control endpoint", async () => {
      const added = await fetch(`${harness.controlUrl}/faults`, {
        method: "POST",
        body: JSON.stringify({ kind: "throttle", methods: ["eth_chainId"], retryAfterSeconds: 3 }),
      });
      const { id } = (await added.json()) as { id: number };
      const client = createPublicClient({ transport: http(harness.url, { retryCount: 0 }) });
      for (let i = 0; i < 2; i++) {
        const throttled = await post(harness.url, call("eth_chainId"));
        assert.equal(throttled.status, 429);
        assert.equal(throttled.retryAfter, "3");
      }
      await assert.rejects(client.getChainId(), (error: Error & { status?: number }) => /429|exceeded/.test(String(error)));
      assert.equal(Number((await post(harness.url, call("eth_blockNumber"))).body.result) > 0, true);
      assert.equal((await fetch(`${harness.controlUrl}/faults/${id}`, { method: "DELETE" })).status, 200);
      assert.equal(await client.getChainId(), CHAIN_ID);
      assert.equal(harness.stats().faults.throttle, 3);
    });
  });
});
