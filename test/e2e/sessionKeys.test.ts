/**
 * Fast sending in Chromium against the whole stack: after ONE wallet confirmation (authorise +
 * fund a session key), ten messages go out with no further confirmation, batched, and reach the
 * other user in order; revoking makes the next message ask the wallet again.
 *
 *   node --import tsx --test test/e2e/sessionKeys.test.ts
 *   (ports: CAIRN_RPC_PORT, CAIRN_PIN_PORT, CAIRN_IPFS_WS_PORT, CAIRN_WEB_PORT)
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { createPublicClient, getAddress, http, type Hex } from "viem";
import { channelRegistryAbi, deployments } from "@cairn/core/contracts";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e] ${line}`);

describe("Fast sending with a session key", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log });
  const { step } = suite;
  const alice = testAccount(1);
  const bob = testAccount(2);
  const channelName = `fast-${Date.now().toString(36)}`;
  const texts = Array.from({ length: 10 }, (_, i) => `fast message ${i + 1}`);
  let a: CairnApp;
  let b: CairnApp;
  let channelId: string;

  /** Texts of the channel's messages as a page shows them, top to bottom. */
  const shownTexts = (app: CairnApp) => app.page.getByTestId("message-text").evaluateAll((nodes) => nodes.map((n) => n.textContent?.trim() ?? ""));

  /** The values this app keeps in localStorage under cairn.session.*. */
  const storedSession = (app: CairnApp) =>
    app.page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith("cairn.session.")).map((key) => localStorage.getItem(key) ?? ""));

  step("A creates a public channel and B joins it", async () => {
    ({ a, b, channelId } = await suite.sharePublicChannel(channelName, { alice: alice.privateKey, bob: bob.privateKey }));
  });

  step("enabling fast sending shows the funding first and costs exactly one confirmation", async () => {
    const panel = a.byTestId("session-key-panel");
    await panel.waitFor();
    await a.byTestId("session-key-funding").filter({ hasText: /Funds the key with [\d.]+ ETH/ }).waitFor();
    assert.equal(await a.byTestId("session-key-hours").inputValue(), "24", "24 hours by default");
    const before = a.wallet.confirmations;
    await a.byTestId("session-key-enable").click();
    await a.page.locator('[data-testid="session-key-panel"][data-state="active"]').waitFor();
    assert.equal(a.wallet.confirmations, before + 1, "one confirmation: authorise and fund");
    const left = Number(await a.byTestId("session-key-messages-left").filter({ hasText: /^\d+$/ }).textContent());
    // Funded for 200 at the max fee per gas read before signing; the base fee moves per block, so the count moves too.
    assert.ok(left >= 150 && left <= 400, `about 200 messages funded (shows ${left})`);
  });

  step("ten messages cost no confirmation (only A's first send signs in to the pinning node), are sent by the session key and arrive in order at B", async () => {
    const before = a.wallet.confirmations;
    const signaturesBefore = a.wallet.signatureRequests;
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    const fromBlock = await client.getBlockNumber();
    for (const text of texts) await a.send(text);
    for (const text of texts) await a.waitForMessage(text, a.address);
    for (const text of texts) await b.waitForMessage(text, a.address);
    assert.equal(a.wallet.confirmations, before + 1, "no wallet confirmation per message");
    assert.equal(a.wallet.signatureRequests, signaturesBefore + 1, "the one confirmation: signing in to the pinning node, once per token lifetime");
    const atB = (await shownTexts(b)).filter((text) => texts.includes(text));
    assert.deepEqual(atB, texts, "B sees the ten in the order A sent them, once each");

    const registry = deployments[CHAIN_ID].channelRegistry;
    const args = { channelId: BigInt(channelId), sender: getAddress(a.address) };
    const [single, batched] = await Promise.all(
      (["Posted", "BatchPosted"] as const).map((eventName) =>
        client.getContractEvents({ address: registry, abi: channelRegistryAbi, eventName, args, fromBlock }),
      ),
    );
    // How many of the ten were queued behind an in-flight send (and so batched) depends on timing;
    // the outbox's batching itself is covered deterministically by test/core/session.
    log(`ten messages went out in ${single.length} postAs + ${batched.length} postBatchAs transactions`);
    assert.ok(single.length + batched.length >= 1 && single.length + batched.length <= texts.length);
    const keyTxs = await Promise.all([...single, ...batched].map((log) => client.getTransaction({ hash: log.transactionHash })));
    assert.ok(keyTxs.every((tx) => getAddress(tx.from) !== getAddress(a.address)), "the session key sent them, not the wallet");
  });

  step("a reload keeps fast sending: the key comes back sealed under the identity key, still no confirmation", async () => {
    await a.page.reload();
    await a.connect();
    await a.unlock();
    await a.page.locator('[data-testid="session-key-panel"][data-state="active"]').waitFor();
    const stored = await storedSession(a);
    assert.ok(stored.length > 0 && !stored.some((value) => value.includes("fast message")), "stored sealed, nothing readable");
    await a.openChannel(channelId);
    const before = a.wallet.confirmations;
    const text = "after reload, still fast";
    await a.send(text);
    await b.waitForMessage(text, a.address);
    assert.equal(a.wallet.confirmations, before, "the restored key posted it");
  });

  step("topping up is one plain transfer from the wallet to the key", async () => {
    const key = (await a.byTestId("session-key-panel").getAttribute("data-key")) as Hex;
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    const balance = await client.getBalance({ address: key });
    const before = a.wallet.confirmations;
    await a.byTestId("session-key-topup").click();
    const raised = async () => (await client.getBalance({ address: key })) > balance + 10n ** 15n;
    for (let i = 0; i < 100 && !(await raised()); i++) await a.page.waitForTimeout(200);
    assert.equal(a.wallet.confirmations, before + 1);
    const added = (await client.getBalance({ address: key })) - balance;
    assert.ok(added > 10n ** 15n, `the key received the top-up (${added} wei)`);
    const topUp = await client.getTransaction({ hash: a.wallet.transactions.at(-1)! });
    assert.equal(topUp.to?.toLowerCase(), key.toLowerCase(), "a plain transfer to the key");
    assert.equal(topUp.input, "0x");
  });

  step("revoking costs one confirmation, and the next message asks the wallet again", async () => {
    const before = a.wallet.confirmations;
    const key = (await a.byTestId("session-key-panel").getAttribute("data-key")) as Hex;
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    assert.ok((await client.getBalance({ address: key })) > 10n ** 15n, "the key was funded");
    await a.byTestId("session-key-revoke").click();
    await a.page.locator('[data-testid="session-key-panel"][data-state="off"]').waitFor();
    assert.equal(a.wallet.confirmations, before + 1);
    const registry = deployments[CHAIN_ID].channelRegistry;
    const expiry = await client.readContract({ address: registry, abi: channelRegistryAbi, functionName: "sessionKeyExpiry", args: [getAddress(a.address), key] });
    assert.equal(expiry, 0n, "revoked on-chain");
    // What was left on the key goes back to the wallet (only the transfer fee stays behind).
    for (let i = 0; i < 50 && (await client.getBalance({ address: key })) > 10n ** 15n; i++) await a.page.waitForTimeout(200);
    assert.ok((await client.getBalance({ address: key })) < 10n ** 15n, "the key's balance was returned");
    const after = "after revoking";
    await a.send(after);
    await a.waitForMessage(after, a.address);
    await b.waitForMessage(after, a.address);
    assert.equal(a.wallet.confirmations, before + 2, "the message needed the wallet");
  });

  step("a message not sent survives a reload, sealed at rest, and goes out once on Retry", async () => {
    const text = "kept across the reload";
    a.wallet.rejectNextRequest();
    await a.send(text);
    await a.waitForMessage(text, a.address, "failed");
    await a.page.waitForFunction(() => Object.keys(localStorage).some((key) => key.startsWith("cairn.session.")));
    assert.ok(!(await storedSession(a)).some((value) => value.includes(text)), "the unsent text is stored encrypted only");
    await a.page.reload();
    await a.connect();
    await a.unlock();
    await a.openChannel(channelId);
    const failedCopy = await a.waitForMessage(text, a.address, "failed");
    await failedCopy.getByTestId("retry-message").click();
    await a.waitForMessage(text, a.address);
    await b.waitForMessage(text, a.address);
    assert.equal(await b.message(text, a.address).count(), 1, "sent once");
  });

  step("when the key expires on-chain, the next message asks the wallet and the app says so", async () => {
    await a.byTestId("session-key-hours").fill("1");
    const before = a.wallet.confirmations;
    await a.byTestId("session-key-enable").click();
    await a.page.locator('[data-testid="session-key-panel"][data-state="active"]').waitFor();
    assert.equal(a.wallet.confirmations, before + 1);
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    await client.request({ method: "evm_increaseTime" as never, params: [7_200] as never });
    await client.request({ method: "evm_mine" as never, params: [] as never });
    const text = "after the key expired";
    await a.send(text);
    await a.waitForMessage(text, a.address);
    await b.waitForMessage(text, a.address);
    assert.equal(a.wallet.confirmations, before + 2, "the wallet was asked for the message");
    await a.byTestId("session-key-notice").filter({ hasText: /expired or was revoked/ }).waitFor();
    await a.page.locator('[data-testid="session-key-panel"][data-state="off"]').waitFor();
    assert.equal(await b.message(text, a.address).count(), 1, "sent once");
  });
});
