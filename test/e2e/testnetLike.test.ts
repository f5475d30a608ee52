/**
 * The public path through the testnet-like RPC harness (1,000-block cap, 20 requests/s, 80 ms)
 * over a 1,000,000-block history, with 2 s blocks (12 s would make the test slow without changing
 * what it counts): a fresh browser shows a channel's message within a budget of `eth_getLogs`,
 * and an idle tab costs about one `eth_getLogs` per block at most (counted by the harness).
 *
 *   CAIRN_RPC_PORT=… CAIRN_PIN_PORT=… CAIRN_IPFS_WS_PORT=… CAIRN_WEB_PORT=… \
 *     node --import tsx --test test/e2e/testnetLike.test.ts
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import type { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e testnet-like] ${line}`);
const BLOCK_MS = 2_000;

describe("Cairn behind a capped, rate-limited endpoint over 1,000,000 blocks", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log, stepTimeoutMs: 240_000, testnetLike: { historyBlocks: 1_000_000, blockTimeMs: BLOCK_MS } });
  const { step, open } = suite;
  const [alice, bob] = [1, 2].map(testAccount);
  const text = `over a long history ${Date.now().toString(36)}`;
  let a: CairnApp;
  let b: CairnApp;
  let channelId: string;
  const harness = () => suite.stack.harness!;

  step("A creates a public channel and posts to it", async () => {
    a = await open("alice", alice.privateKey);
    await a.connectAndUnlock();
    channelId = await a.createPublicChannel(`long-${Date.now().toString(36)}`);
    await a.openChannel(channelId);
    await a.send(text);
    await a.waitForMessage(text, alice.address.toLowerCase());
    await a.close();
  });

  step("a fresh browser shows the message with a few dozen eth_getLogs, none refused for the rate", async () => {
    harness().reset();
    const started = Date.now();
    b = await open("bob", bob.privateKey, `/channels/${channelId}`);
    await b.connectAndUnlock();
    await b.message(text, alice.address.toLowerCase()).waitFor();
    const { byMethod, refused } = harness().stats();
    log(`first message after ${Date.now() - started} ms; requests ${JSON.stringify(byMethod)}; refused ${JSON.stringify(refused)}`);
    assert.ok((byMethod.eth_getLogs ?? 0) <= 60, `eth_getLogs ${byMethod.eth_getLogs}`);
    assert.equal(refused.rateLimited, 0);
  });

  step("an idle tab costs at most about one eth_getLogs per block", async () => {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    harness().reset();
    const seconds = 30;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
    const { byMethod } = harness().stats();
    const blocks = (seconds * 1_000) / BLOCK_MS;
    log(`idle ${seconds} s (${blocks} blocks): ${JSON.stringify(byMethod)}`);
    // The tab's chain index and the open channel's message watcher: each at most one per block.
    assert.ok((byMethod.eth_getLogs ?? 0) <= 2 * blocks + 2, `eth_getLogs ${byMethod.eth_getLogs} in ${blocks} blocks`);
  });
});
