/**
 * Identity keys and consent in the browser, against the whole stack:
 * - a passphrase change makes a new key: the new backup opens it, the old backup (still in the
 *   logs) opens only the old key, and the admin's re-share lets the member read again;
 * - a wallet whose published key comes from the version-1 message keeps reading with it, is
 *   offered the move to this site's key, and moves (a key change, repaired the same way);
 * - channels from someone the wallet has not talked to wait under Requests; accepting lists them,
 *   declining hides them, and a channel from a contact is listed at once.
 *
 *   node --import tsx --test test/e2e/identity.test.ts
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { bytesToHex, createPublicClient, createWalletClient, getAddress, hexToBytes, http, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { publishKeyTx } from "@cairn/core/chain";
import { publishKeyWithBackupTx } from "@cairn/core/chain";
import { deployments, keyDirectoryAbi } from "@cairn/core/contracts";
import {
  BackupKeyMismatchError,
  backupIdentityKey,
  DecryptionFailedError,
  deriveIdentityKey,
  generateIdentityKey,
  identityMessage,
  legacyIdentityMessage,
  restoreIdentityKey,
} from "@cairn/core/crypto";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import type { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e identity] ${line}`);
const keyDirectory = deployments[CHAIN_ID].keyDirectory;
const NOTICE =
  "Changing your passphrase creates a new key. Channel admins must share their keys with your new key before you can read those channels again; old backups stay on-chain but only open your old key.";

describe("Identity keys and channel requests in the browser", { timeout: 1_200_000 }, () => {
  const suite = browserSuite({ log });
  const { step, open } = suite;
  const [alice, bob, carol] = [1, 2, 3].map(testAccount);
  const oldPassphrase = "first passphrase, long enough";
  const newPassphrase = "second passphrase, longer still";
  const before = "written before the key changes";
  let oldBackup: Uint8Array;
  let oldKey: Uint8Array;
  let a: CairnApp;
  let b: CairnApp;
  let c: CairnApp;
  let channelId: string;

  const client = () => createPublicClient({ chain: hardhat, transport: http(suite.stack.urls.rpc) });
  const keyOf = async (account: Hex) => hexToBytes(await client().readContract({ address: keyDirectory, abi: keyDirectoryAbi, functionName: "keyOf", args: [account] }));
  const backupOf = async (account: Hex) =>
    hexToBytes(await client().readContract({ address: keyDirectory, abi: keyDirectoryAbi, functionName: "keyBackupOf", args: [account] }));
  /** Sends one of core's transactions from a test account, outside the app. */
  const sendAs = async (privateKey: Hex, tx: { to: Hex; data: Hex }) => {
    const wallet = createWalletClient({ account: privateKeyToAccount(privateKey), chain: hardhat, transport: http(suite.stack.urls.rpc) });
    await client().waitForTransactionReceipt({ hash: await wallet.sendTransaction({ to: tx.to, data: tx.data }) });
  };
  /** Waits until a message of A's shows as undecryptable (its key sealed to an earlier key). */
  const waitForUndecryptable = (app: CairnApp) => app.waitForStatus(a.address, "undecryptable");
  const unlockWithPassphrase = async (app: CairnApp, passphrase: string) => {
    await app.connect();
    await app.byTestId("unlock-keys").click();
    await app.byTestId("restore-passphrase").fill(passphrase);
    await app.byTestId("restore-submit").click();
    await app.byTestId("lock-keys").waitFor({ timeout: 120_000 });
  };

  step("B has a passphrase-protected key and C a version-1 key, both published before the app opens", async () => {
    const random = generateIdentityKey();
    oldKey = random.publicKey;
    oldBackup = await backupIdentityKey({ privateKey: random.privateKey, passphrase: oldPassphrase, logN: 14 });
    await sendAs(bob.privateKey, publishKeyWithBackupTx(keyDirectory, { publicKey: random.publicKey, backup: oldBackup }));
    const legacy = deriveIdentityKey(await privateKeyToAccount(carol.privateKey).signMessage({ message: legacyIdentityMessage({ chainId: CHAIN_ID, keyDirectory }) }));
    await sendAs(carol.privateKey, publishKeyTx(keyDirectory, { publicKey: legacy.publicKey }));
  });

  step("A creates a private channel with B and C: for them it is a request from a stranger until accepted", async () => {
    a = await open("alice", alice.privateKey);
    await a.connectAndUnlock();
    channelId = await a.createPrivateChannel(`keys-${Date.now().toString(36)}`, [bob.address, carol.address]);
    await a.send(before);
    await a.waitForMessage(before, a.address);

    b = await open("bob", bob.privateKey);
    await unlockWithPassphrase(b, oldPassphrase);
    const request = b.page.locator(`[data-testid="requests"] [data-testid="request"][data-channel-id="${channelId}"]`);
    await request.waitFor();
    assert.match(await b.byTestId("requests").innerText(), /this browser only/);
    assert.equal(await request.locator(`[data-address="${a.address}"]`).count(), 1, "names who added B");
    assert.equal(await b.page.locator(`[data-testid="channel-item"][data-channel-id="${channelId}"]`).count(), 0, "not in the channel list");
    await b.acceptRequest(channelId);
    await b.openChannel(channelId);
    await b.waitForMessage(before, a.address);
  });

  step("B changes the passphrase: a new key with a new backup; the old backup opens only the old key", async () => {
    await b.byTestId("settings-link").click();
    const settings = b.byTestId("key-settings");
    await settings.waitFor();
    assert.equal(await b.byTestId("change-passphrase-notice").innerText(), NOTICE, "the UI says plainly what a change does");
    const txs = b.wallet.transactionRequests;
    await settings.getByTestId("passphrase-input").fill(newPassphrase);
    await settings.getByTestId("passphrase-confirm").fill(newPassphrase);
    await settings.getByTestId("passphrase-submit").click();
    await b.byTestId("passphrase-changed").waitFor({ timeout: 120_000 });
    assert.equal(b.wallet.transactionRequests, txs + 1, "key and backup in one transaction");

    const [current, stored] = await Promise.all([keyOf(bob.address), backupOf(bob.address)]);
    assert.notEqual(bytesToHex(current), bytesToHex(oldKey), "a new key is published");
    const restored = await restoreIdentityKey({ backup: stored, passphrase: newPassphrase, publicKey: current });
    assert.equal(bytesToHex(restored.publicKey), bytesToHex(current));
    await assert.rejects(restoreIdentityKey({ backup: stored, passphrase: oldPassphrase }), DecryptionFailedError, "the old passphrase opens nothing new");
    await assert.rejects(restoreIdentityKey({ backup: oldBackup, passphrase: oldPassphrase, publicKey: current }), BackupKeyMismatchError, "the old backup opens only the old key");
  });

  step("B cannot read the channel until A shares its keys with B's new key", async () => {
    await b.openChannel(channelId);
    await waitForUndecryptable(b);
    await b.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    await a.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    await a.byTestId("reseal-keys").click();
    await a.byTestId("stale-keys").waitFor({ state: "detached", timeout: 60_000 });
    await b.waitForMessage(before, a.address);
  });

  step("C unlocks with the version-1 key, reads, and moves to this site's key when offered", async () => {
    c = await open("carol", carol.privateKey);
    await c.connectAndUnlock();
    await c.byTestId("migrate-key-banner").waitFor();
    await c.acceptRequest(channelId);
    await c.openChannel(channelId);
    await c.waitForMessage(before, a.address);

    await c.byTestId("migrate-key").click();
    await c.byTestId("migrate-key-banner").waitFor({ state: "detached", timeout: 60_000 });
    const site = new URL(suite.stack.urls.app);
    const message = identityMessage({ domain: site.host, uri: site.origin, account: getAddress(carol.address), chainId: CHAIN_ID, keyDirectory });
    const expected = deriveIdentityKey(await privateKeyToAccount(carol.privateKey).signMessage({ message }));
    assert.equal(bytesToHex(await keyOf(carol.address)), bytesToHex(expected.publicKey), "the published key is this site's key");

    await c.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    await a.byTestId("stale-keys").waitFor({ timeout: 60_000 });
    await a.byTestId("reseal-keys").click();
    await a.byTestId("stale-keys").waitFor({ state: "detached", timeout: 60_000 });
    // A later session derives the new key from one signature, with no offer to move, and reads.
    await c.page.reload();
    await c.connectAndUnlock();
    await c.openChannel(channelId);
    await c.waitForMessage(before, a.address);
    assert.equal(await c.byTestId("migrate-key-banner").count(), 0);
  });

  step("a channel from a contact is listed at once; one from a stranger, declined, disappears", async () => {
    const fromContact = await a.createPrivateChannel(`contact-${Date.now().toString(36)}`, [bob.address]);
    await b.page.locator(`[data-testid="channel-item"][data-channel-id="${fromContact}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await b.page.locator(`[data-testid="request"][data-channel-id="${fromContact}"]`).count(), 0, "B already accepted a channel of A's");

    const stranger = await open("stranger", testAccount(8).privateKey);
    await stranger.connectAndUnlock();
    const spam = await stranger.createPrivateChannel("totally legit", [bob.address]);
    const request = b.page.locator(`[data-testid="request"][data-channel-id="${spam}"]`);
    await request.waitFor({ timeout: 60_000 });
    await request.getByTestId("request-decline").click();
    await request.waitFor({ state: "detached" });
    assert.equal(await b.page.locator(`[data-testid="channel-item"][data-channel-id="${spam}"]`).count(), 0, "declined: in neither list");
    await b.page.reload();
    await unlockWithPassphrase(b, newPassphrase);
    await b.page.locator(`[data-testid="channel-item"][data-channel-id="${fromContact}"]`).waitFor({ timeout: 60_000 });
    assert.equal(await b.page.locator(`[data-testid="request"][data-channel-id="${spam}"]`).count(), 0, "the answer survives a reload");
    await stranger.close();
  });
});
