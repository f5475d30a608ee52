/**
 * End to end, in Chromium, against the whole stack (chain, contracts, pinning node, app build):
 * two wallets share a public channel, a reload on a fresh context keeps the history, and a
 * wallet that never joined cannot post.
 *
 *   npm run test:e2e
 *
 * The app runs as a production build (`next build` once per run, then `next start`): on two
 * cores it is ready in ~40 s and pages answer at once, while `next dev` compiles each route
 * on first visit, and Next 16 refuses a second `next dev` in the same checkout, so it would
 * fail whenever `npm run dev` is running. CAIRN_E2E_NEXT_MODE=dev forces `next dev` anyway.
 *
 * On failure, screenshots, page HTML, console logs and the stack's logs land in test-results/.
 */
import assert from "node:assert/strict";
import { before, describe } from "node:test";
import { BaseError, ContractFunctionRevertedError, createPublicClient, getAddress, http } from "viem";
import { channelRegistryAbi, deployments } from "@cairn/core/contracts";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e] ${line}`);

describe("Cairn in the browser", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log, stepTimeoutMs: 180_000 });
  const { step, open } = suite;
  const alice = testAccount(1);
  const bob = testAccount(2);
  const carol = testAccount(3);
  const channelName = `e2e-${Date.now().toString(36)}`;
  const hello = "hello 👋";
  const reply = "hi Alice, loud and clear";
  let a: CairnApp;
  let b: CairnApp;
  let channelId: string;

  before(() => {
    const { stack } = suite;
    // The app reads its addresses from core/contracts/generated.ts; a fresh chain must match.
    assert.deepEqual(
      [stack.addresses["Cairn#KeyDirectory"], stack.addresses["Cairn#ChannelRegistry"]].map((x) => x && getAddress(x)),
      [deployments[CHAIN_ID].keyDirectory, deployments[CHAIN_ID].channelRegistry].map((x) => getAddress(x)),
      "core/contracts/generated.ts does not hold the addresses a fresh chain gets: run `npm run generate`",
    );
  });

  step("A connects, unlocks and creates a public channel", async () => {
    a = await open("alice", alice.privateKey);
    await a.connectAndUnlock();
    channelId = await a.createPublicChannel(channelName);
    assert.match(channelId, /^\d+$/);
    await a.page.locator(`[data-testid="channel-item"][data-channel-id="${channelId}"]`).waitFor();
    assert.ok(a.wallet.transactionRequests >= 1, "creating a channel asks the wallet for a transaction");
  });

  step("B finds the channel in the public directory and joins it", async () => {
    b = await open("bob", bob.privateKey);
    await b.connectAndUnlock();
    assert.equal(await b.joinFromDirectory(channelName), channelId);
  });

  step("A's message reaches B decrypted, and B's reply reaches A; both confirm", async () => {
    await a.send(hello);
    await a.waitForMessage(hello, a.address);
    await b.waitForMessage(hello, a.address);
    await b.send(reply);
    await b.waitForMessage(reply, b.address);
    await a.waitForMessage(reply, b.address);
    assert.equal(await a.message(hello).count(), 1, "no duplicate of the sent message");
  });

  step("B's history is intact in a new browser context with the same wallet", async () => {
    await b.close();
    b = await open("bob-again", bob.privateKey, `/channels/${channelId}`);
    await b.connectAndUnlock();
    await b.waitForMessage(hello, a.address);
    await b.waitForMessage(reply, b.address);
    const senders = await b.page.getByTestId("message").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-sender")));
    assert.deepEqual(senders, [a.address, b.address], "history in order, nothing else");
  });

  step("a wallet that never joined cannot post", async () => {
    const c = await open("carol", carol.privateKey, `/channels/${channelId}`);
    await c.connectAndUnlock();
    await c.byTestId("join-this-channel").waitFor();
    assert.equal(await c.byTestId("message-input").count(), 0, "no composer for a non-member");
    await c.waitForMessage(hello, a.address);

    const registry = deployments[CHAIN_ID].channelRegistry;
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    const error = await client
      .simulateContract({
        address: registry,
        abi: channelRegistryAbi,
        functionName: "post",
        args: [BigInt(channelId), `0x0100000001${"ab".repeat(40)}`],
        account: carol.address,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(error instanceof BaseError, "a direct post by a non-member reverts");
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    assert.ok(revert instanceof ContractFunctionRevertedError);
    assert.equal(revert.data?.errorName, "ChannelNotMember");
    assert.deepEqual(revert.data?.args, [BigInt(channelId), carol.address]);
    await c.close();
  });
});
