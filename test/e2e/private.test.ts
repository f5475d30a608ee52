/**
 * Private channels, 1:1 channels and key management, end to end in Chromium against the whole
 * stack: three wallets share a private channel (a non-member sees only ciphertext, in the app,
 * the chain's logs and the pinned blocks), membership changes re-key it, a 1:1 channel is unique
 * per pair with matching safety numbers, an invitation waits for a wallet without a key, and a
 * wallet with non-deterministic signatures uses the passphrase fallback (key and encrypted backup
 * published in one transaction) and restores it in a second browser context with the passphrase
 * alone.
 *
 *   node --import tsx --test test/e2e/private.test.ts
 *   (CAIRN_RPC_PORT=38545 CAIRN_WEB_PORT=33000 … to use other ports; see scripts/stack/stackConfig.ts)
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { bytesToHex, createPublicClient, createWalletClient, hexToBytes, http, stringToBytes } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { channelRegistryAbi, deployments, keyDirectoryAbi } from "@cairn/core/contracts";
import { BACKUP_LENGTH, restoreIdentityKey } from "@cairn/core/crypto";
import { createPinningAuth, createPinningClient } from "@cairn/core/ipfs";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e private] ${line}`);

describe("Private channels, 1:1 channels and keys in the browser", { timeout: 1_500_000 }, () => {
  const suite = browserSuite({ log });
  const { step, open } = suite;
  const [alice, bob, carol, dave] = [1, 2, 3, 4].map(testAccount);
  const name = `secret-${Date.now().toString(36)}`;
  const firstSecret = "the eagle lands at dawn";
  const forCarol = "carol can read this one";
  const afterRemoval = "bob must not read this";
  const forDave = "dave restored his key";
  const passphrase = "correct horse battery staple";
  let a: CairnApp;
  let b: CairnApp;
  let c: CairnApp;
  let channelId: string;

  step("A, B and C unlock (publishing their keys); A creates a private channel with B", async () => {
    [a, b] = await Promise.all([open("alice", alice.privateKey), open("bob", bob.privateKey)]);
    await Promise.all([a.connectAndUnlock(), b.connectAndUnlock()]);
    channelId = await a.createPrivateChannel(name, [bob.address]);
    const panel = await a.openMembers();
    await a.memberRow(bob.address).waitFor();
    assert.equal(await panel.getByTestId("member-row").count(), 2);
    assert.equal(await a.memberRow(a.address).getByTestId("admin-badge").count(), 1, "A is the admin");
    assert.equal(await a.memberRow(bob.address).getByTestId("admin-badge").count(), 0);
    assert.match(await a.memberRow(bob.address).getByTestId("safety-number").innerText(), /^(\d{5} ){11}\d{5}$/);
  });

  step("B reads A's message; B's safety number for A equals A's for B", async () => {
    await a.send(firstSecret);
    await a.waitForMessage(firstSecret, a.address);
    await b.acceptRequest(channelId);
    await b.openChannel(channelId);
    await b.waitForMessage(firstSecret, a.address);
    await b.openMembers();
    assert.equal(await b.byTestId("remove-member").count(), 0, "a non-admin sees no admin controls");
    assert.equal(await b.byTestId("invite-address").count(), 0);
    const bSees = await b.memberRow(a.address).getByTestId("safety-number").innerText();
    const aSees = await a.memberRow(b.address).getByTestId("safety-number").innerText();
    assert.equal(bSees, aSees, "both sides compute the same safety number");
  });

  step("C, not a member, sees no plaintext: not in the app, the chain's logs or the pinned blocks", async () => {
    c = await open("carol", carol.privateKey, `/channels/${channelId}`);
    await c.connectAndUnlock();
    await c.channelView(channelId).waitFor();
    await c.waitForStatus(a.address, "undecryptable");
    assert.ok(!(await c.page.content()).includes(firstSecret), "C's page holds no plaintext");

    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    const logs = await client.getLogs({ address: deployments[CHAIN_ID].channelRegistry, fromBlock: 0n, toBlock: "latest" });
    assert.ok(logs.length > 0);
    const needle = bytesToHex(stringToBytes(firstSecret)).slice(2);
    for (const entry of logs) assert.ok(![entry.data, ...entry.topics].some((hex) => hex?.toLowerCase().includes(needle)), "no plaintext in the logs");

    // A's pins, as A lists them (signed in with A's key: nobody else can list them).
    const aliceAccount = privateKeyToAccount(alice.privateKey);
    const signMessage = (message: string) => aliceAccount.signMessage({ message });
    const auth = createPinningAuth({ url: suite.stack.urls.pinApi, account: aliceAccount.address, chainId: CHAIN_ID, signMessage });
    const pins = await createPinningClient({ url: suite.stack.urls.pinApi, auth }).list({ limit: 1000 });
    assert.ok(pins.results.length > 0, "the pinning node holds the message blocks");
    for (const { pin } of pins.results) {
      const block = Buffer.from(await (await fetch(`${suite.stack.urls.pinApi}/ipfs/${pin.cid}?format=raw`)).arrayBuffer());
      assert.ok(block.length > 0);
      assert.equal(block.indexOf(firstSecret), -1, `block ${pin.cid} holds only ciphertext`);
    }
  });

  step("A adds C; C reads new messages", async () => {
    await a.byTestId("invite-address").fill(carol.address);
    await a.byTestId("invite-submit").click();
    await a.memberRow(c.address).waitFor();
    await a.send(forCarol);
    await a.waitForMessage(forCarol, a.address);
    await c.waitForMessage(forCarol, a.address);
    await b.waitForMessage(forCarol, a.address);
  });

  step("A removes B: the channel is re-keyed; B cannot decrypt later messages, C still can", async () => {
    await a.memberRow(b.address).getByTestId("remove-member").click();
    await a.memberRow(b.address).waitFor({ state: "detached" });
    const undecryptableBefore = await b.messagesWithStatus(a.address, "undecryptable").count();
    await a.send(afterRemoval);
    await a.waitForMessage(afterRemoval, a.address);
    await c.waitForMessage(afterRemoval, a.address);
    await b.waitForStatus(a.address, "undecryptable", undecryptableBefore + 1);
    assert.ok(!(await b.page.content()).includes(afterRemoval), "B's page holds no plaintext of the new epoch");
    await b.close();
  });

  step("a 1:1 channel between A and C: one per pair, same id from both sides, same safety number", async () => {
    const first = await a.openDirect(c.address);
    const txs = a.wallet.transactionRequests;
    await a.openChannel(channelId);
    const again = await a.openDirect(c.address);
    assert.equal(again, first, "opening it twice yields the same channel");
    assert.equal(a.wallet.transactionRequests, txs, "no second channel was created");
    const fromC = await c.openDirect(a.address);
    assert.equal(fromC, first, "the peer opens the same channel");
    const aSees = await a.channelView(first).getByTestId("safety-number").innerText();
    const cSees = await c.channelView(first).getByTestId("safety-number").innerText();
    assert.equal(aSees, cSees);
    await a.send("hi carol, just us");
    await c.waitForMessage("hi carol, just us", a.address);
    await a.openChannel(channelId);
  });

  step("A invites D, who has no key yet: the invitation waits", async () => {
    await a.openMembers();
    await a.byTestId("invite-address").fill(dave.address);
    await a.byTestId("invite-submit").click();
    await a.byTestId("invite-notice").waitFor();
    await a.page.locator(`[data-testid="pending-invite"][data-address="${dave.address.toLowerCase()}"]`).waitFor();
    assert.equal(await a.memberRow(dave.address).count(), 0);
  });

  step("D's wallet signs non-deterministically: the app explains it and D sets up a passphrase-protected key", async () => {
    const d = await open("dave", dave.privateKey);
    d.wallet.setNonDeterministicSignatures(true);
    await d.connect();
    await d.byTestId("unlock-keys").click();
    await d.page.locator('[data-testid="unlock-error"][data-reason="non-deterministic"]').waitFor();
    await d.byTestId("passphrase-input").fill(passphrase);
    await d.byTestId("passphrase-confirm").fill(passphrase);
    await d.byTestId("passphrase-submit").click();
    await d.byTestId("backup-ready").waitFor({ timeout: 120_000 });
    assert.equal(d.wallet.transactionRequests, 1, "key and backup are published in one transaction");
    const backupHex = await d.byTestId("backup-text").inputValue();

    // The chain holds the 81-byte backup with D's key: encrypted, it decrypts (passphrase only)
    // to the private key of the published key, which appears nowhere in it.
    const client = createPublicClient({ transport: http(suite.stack.urls.rpc) });
    const keyDirectory = deployments[CHAIN_ID].keyDirectory;
    const [publishedKey, storedBackup] = await Promise.all([
      client.readContract({ address: keyDirectory, abi: keyDirectoryAbi, functionName: "keyOf", args: [dave.address] }),
      client.readContract({ address: keyDirectory, abi: keyDirectoryAbi, functionName: "keyBackupOf", args: [dave.address] }),
    ]);
    assert.equal(hexToBytes(storedBackup).length, BACKUP_LENGTH, "an 81-byte backup is stored");
    assert.equal(storedBackup, backupHex, "the stored backup is the one the app made");
    const restored = await restoreIdentityKey({ backup: hexToBytes(storedBackup), passphrase, publicKey: hexToBytes(publishedKey) });
    const privateHex = bytesToHex(restored.privateKey).slice(2);
    assert.ok(!storedBackup.toLowerCase().includes(privateHex), "the private key is not in the stored backup in the clear");
    assert.ok(!storedBackup.toLowerCase().includes(privateHex.slice(0, 16)), "not even its first 8 bytes");
    await d.byTestId("backup-saved").click();
    await d.byTestId("lock-keys").waitFor();
    // A's tab notices D's published key and completes the invitation.
    await a.memberRow(d.address).waitFor({ timeout: 60_000 });
    assert.equal(await a.byTestId("pending-invite").count(), 0);
    // Locking forgets the key: the unlock screen is back.
    await d.byTestId("lock-keys").click();
    await d.byTestId("unlock-keys").waitFor();
    await d.close();
  });

  step("D restores the key in a second browser context with only the passphrase and reads the channel", async () => {
    await a.send(forDave);
    await a.waitForMessage(forDave, a.address);
    const d2 = await open("dave-second-device", dave.privateKey);
    d2.wallet.setNonDeterministicSignatures(true);
    await d2.connect();
    await d2.byTestId("unlock-keys").click();
    // One signature, which does not give the published key; the KeyDirectory holds its backup.
    await d2.byTestId("restore-stored").waitFor({ timeout: 60_000 });
    assert.equal(d2.wallet.signatureRequests, 1);
    assert.equal(await d2.byTestId("restore-backup").count(), 0, "no backup file or hex is asked for");
    assert.equal(await d2.byTestId("restore-file").count(), 0);
    await d2.byTestId("restore-passphrase").fill("not the passphrase");
    await d2.byTestId("restore-submit").click();
    await d2.byTestId("fallback-error").getByText("Wrong passphrase").waitFor({ timeout: 120_000 });
    assert.equal(await d2.byTestId("lock-keys").count(), 0, "a wrong passphrase unlocks nothing");
    await d2.byTestId("restore-passphrase").fill(passphrase);
    await d2.byTestId("restore-submit").click();
    await d2.byTestId("lock-keys").waitFor({ timeout: 120_000 });
    assert.equal(d2.wallet.transactionRequests, 0, "the restored key is the published one: nothing to publish");
    await d2.acceptRequest(channelId);
    await d2.openChannel(channelId);
    await d2.waitForMessage(forDave, a.address);
    await d2.close();
  });

  step("C publishes another key after joining: A's channel flags it", async () => {
    await a.openMembers();
    assert.equal(await a.byTestId("key-changed").count(), 0);
    const wallet = createWalletClient({ account: privateKeyToAccount(carol.privateKey), chain: hardhat, transport: http(suite.stack.urls.rpc) });
    const client = createPublicClient({ chain: hardhat, transport: http(suite.stack.urls.rpc) });
    const hash = await wallet.writeContract({
      address: deployments[CHAIN_ID].keyDirectory,
      abi: keyDirectoryAbi,
      functionName: "publishKey",
      args: [`0x${"42".repeat(32)}`],
    });
    await client.waitForTransactionReceipt({ hash });
    await a.byTestId("key-changed").waitFor({ timeout: 60_000 });
    await a.memberRow(c.address).getByTestId("member-key-changed").waitFor();
  });

  step("D forgets the passphrase and sets up a new key: A shares the channel's keys with it, and D's open channel reads again in place", async () => {
    const d3 = await open("dave-new-key", dave.privateKey);
    d3.wallet.setNonDeterministicSignatures(true);
    await d3.connect();
    await d3.byTestId("unlock-keys").click();
    await d3.byTestId("restore-forgot").click();
    await d3.byTestId("passphrase-input").fill(`${passphrase} two`);
    await d3.byTestId("passphrase-confirm").fill(`${passphrase} two`);
    await d3.byTestId("passphrase-submit").click();
    await d3.byTestId("backup-saved").click({ timeout: 120_000 });
    await d3.acceptRequest(channelId);
    await d3.openChannel(channelId);
    await d3.waitForStatus(a.address, "undecryptable");
    await d3.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    assert.equal(await d3.byTestId("reseal-keys").count(), 0, "only the admin can share the keys again");

    await a.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    const txs = a.wallet.transactionRequests;
    await a.byTestId("reseal-keys").click();
    await a.byTestId("stale-keys").waitFor({ state: "detached", timeout: 60_000 });
    assert.equal(a.wallet.transactionRequests, txs + 2, "one shareEpochKeys each for C's and D's new keys");
    await d3.waitForMessage(forDave, a.address);
    await d3.byTestId("stale-keys").waitFor({ state: "detached", timeout: 60_000 });
    await d3.close();
  });

  step("C leaves the channel with its key: nobody can post until A re-keys with Re-key now; C cannot read what follows", async () => {
    const wallet = createWalletClient({ account: privateKeyToAccount(carol.privateKey), chain: hardhat, transport: http(suite.stack.urls.rpc) });
    const client = createPublicClient({ chain: hardhat, transport: http(suite.stack.urls.rpc) });
    await c.acceptRequest(channelId);
    await c.openChannel(channelId);
    const undecryptableBefore = await c.messagesWithStatus(a.address, "undecryptable").count();
    const hash = await wallet.writeContract({ address: deployments[CHAIN_ID].channelRegistry, abi: channelRegistryAbi, functionName: "leave", args: [BigInt(channelId)] });
    await client.waitForTransactionReceipt({ hash });

    await a.byTestId("rekey-required").waitFor({ timeout: 60_000 });
    assert.match((await a.byTestId("message-input").getAttribute("placeholder")) ?? "", /A member left/, "the composer waits for the new key");
    await a.byTestId("rekey-now").click();
    await a.byTestId("rekey-required").waitFor({ state: "detached", timeout: 60_000 });
    const afterLeave = "carol left before this one";
    await a.send(afterLeave);
    await a.waitForMessage(afterLeave, a.address);
    await c.waitForStatus(a.address, "undecryptable", undecryptableBefore + 1);
    assert.ok(!(await c.page.content()).includes(afterLeave), "the leaver's page holds no plaintext of the new epoch");
  });
});
