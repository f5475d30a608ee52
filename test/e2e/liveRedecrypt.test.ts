/**
 * Live re-decryption, end to end in Chromium against the whole stack: a wallet that views a
 * private channel before it is a member sees its messages as undecryptable; once the admin adds
 * it with the earlier history shared, the very same page (no reload) shows their text: the
 * current epoch's message after the addition, the older epoch's after the history is shared.
 *
 *   CAIRN_RPC_PORT=… CAIRN_PIN_PORT=… CAIRN_IPFS_WS_PORT=… CAIRN_WEB_PORT=… \
 *     node --import tsx --test test/e2e/liveRedecrypt.test.ts
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import type { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e live re-decrypt] ${line}`);

describe("Messages become readable without a reload when the viewer gets their keys", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log });
  const { step, open } = suite;
  const [alice, bob, carol] = [1, 2, 3].map(testAccount);
  const name = `live-${Date.now().toString(36)}`;
  const earlier = "written before the key rotation";
  const later = "written after bob left";
  let a: CairnApp;
  let c: CairnApp;

  step("A creates a private channel with B, posts, removes B (new epoch) and posts again", async () => {
    const b = await open("bob", bob.privateKey);
    a = await open("alice", alice.privateKey);
    await Promise.all([a.connectAndUnlock(), b.connectAndUnlock()]);
    await a.createPrivateChannel(name, [bob.address]);
    await a.send(earlier);
    await a.waitForMessage(earlier, a.address);
    await a.openMembers();
    await a.memberRow(bob.address).getByTestId("remove-member").click();
    await a.memberRow(bob.address).waitFor({ state: "detached" });
    await a.send(later);
    await a.waitForMessage(later, a.address);
    await b.close();
  });

  step("C (key published, not a member) opens the channel by its URL and sees both messages undecryptable", async () => {
    const channelId = await a.byTestId("channel-view").getAttribute("data-channel-id");
    c = await open("carol", carol.privateKey, `/channels/${channelId}`);
    await c.connectAndUnlock();
    await c.channelView(channelId!).waitFor();
    await c.page.waitForFunction(
      (who) => document.querySelectorAll(`[data-testid="message"][data-sender="${who}"][data-status="undecryptable"]`).length === 2,
      a.address,
      { timeout: 60_000 },
    );
    const html = await c.page.content();
    assert.ok(!html.includes(earlier) && !html.includes(later), "C's page holds no plaintext");
    // Survives only as long as this document: a reload would drop it.
    await c.page.evaluate(() => Object.assign(window, { __sameDocument: true }));
  });

  step("A adds C with the earlier history shared; C's open page reads both messages", async () => {
    await a.openMembers();
    await a.byTestId("invite-address").fill(carol.address);
    await a.byTestId("invite-share-history").check();
    await a.byTestId("invite-submit").click();
    await a.memberRow(carol.address).waitFor();
    await c.waitForMessage(later, a.address);
    await c.waitForMessage(earlier, a.address);
    assert.equal(await c.messagesWithStatus(a.address, "undecryptable").count(), 0);
    assert.equal(await c.messagesWithStatus(a.address, "confirmed").count(), 2, "each message shows once");
    assert.equal(await c.page.evaluate(() => (window as { __sameDocument?: boolean }).__sameDocument), true, "the page was not reloaded");
  });
});
