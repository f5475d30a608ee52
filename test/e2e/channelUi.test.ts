/**
 * Channel UI details, end to end in Chromium against the whole stack: the members side panel of
 * a private channel (badges, safety number as a grouped block), 1:1 channels named after the
 * other party in both sidebars and the header, picked files surviving a channel switch, and the
 * notice of initial members who have no key yet.
 *
 *   CAIRN_RPC_PORT=… CAIRN_PIN_PORT=… CAIRN_IPFS_WS_PORT=… CAIRN_WEB_PORT=… \
 *     node --import tsx --test test/e2e/channelUi.test.ts
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import type { CairnApp } from "../../testkit/CairnApp.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e channel ui] ${line}`);

/** "0x1234 5678…9abc def0", as the app shortens addresses (lowercase for comparison). */
const short = (address: string) => `${address.slice(0, 6)} ${address.slice(6, 10)}…${address.slice(-8, -4)} ${address.slice(-4)}`.toLowerCase();

const sidebarItem = (app: CairnApp, channelId: string) => app.page.locator(`[data-testid="channel-item"][data-channel-id="${channelId}"]`);

describe("Channel UI: members panel, 1:1 names, kept attachments", { timeout: 900_000 }, () => {
  const suite = browserSuite({ log });
  const { step, open } = suite;
  const [alice, carol] = [1, 3].map(testAccount);
  const name = `ui-${Date.now().toString(36)}`;
  let a: CairnApp;
  let c: CairnApp;
  let privateId: string;
  let directId: string;

  step("the members panel: rows with badges, the safety number in 3 lines of 4 groups, the admin's invite form", async () => {
    [a, c] = await Promise.all([open("alice", alice.privateKey), open("carol", carol.privateKey)]);
    await Promise.all([a.connectAndUnlock(), c.connectAndUnlock()]);
    privateId = await a.createPrivateChannel(name, [carol.address]);
    const panel = await a.openMembers();
    const carolRow = a.memberRow(carol.address);
    const number = carolRow.getByTestId("safety-number");
    await number.waitFor();
    assert.match(await number.innerText(), /^(\d{5} ){11}\d{5}$/, "the text stays one line of groups");
    const box = (await number.boundingBox())!;
    const lineHeight = await number.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
    assert.ok(box.height >= 3 * lineHeight && box.height < 4 * lineHeight, `3 lines (height ${box.height}, line ${lineHeight})`);
    assert.equal(await a.memberRow(a.address).getByText("you", { exact: true }).count(), 1);
    assert.equal(await a.memberRow(a.address).getByTestId("admin-badge").count(), 1);
    assert.equal(await a.memberRow(carol.address).getByTestId("remove-member").count(), 1);
    await panel.getByTestId("invite-address").waitFor();
    const messages = (await a.byTestId("message-list").boundingBox())!;
    const side = (await panel.boundingBox())!;
    assert.ok(side.x >= messages.x + messages.width - 1, "the panel sits beside the messages, not over them");
  });

  step("a 1:1 channel is named after the other party in both sidebars and in the header", async () => {
    const byLabel = a.page.getByLabel("Message an address");
    assert.equal(await byLabel.count(), 1, "the label names only the address field, not also its form");
    await byLabel.fill(carol.address);
    await a.byTestId("dm-submit").click();
    await a.page.waitForURL((url) => url.pathname.startsWith("/channels/") && url.pathname !== `/channels/${privateId}`);
    directId = (await a.byTestId("channel-view").getAttribute("data-channel-id"))!;
    await a.page.waitForFunction((who) => document.querySelector('[data-testid="channel-title"]')?.textContent?.toLowerCase().includes(who), short(carol.address));
    assert.equal(await a.byTestId("channel-title").locator('[data-kind="direct"]').count(), 1, "the 1:1 glyph");
    const aItem = sidebarItem(a, directId);
    await aItem.filter({ hasText: new RegExp(short(carol.address).replace("…", "."), "i") }).waitFor();
    assert.equal(await aItem.getAttribute("data-kind"), "direct");
    await c.acceptRequest(directId);
    const cItem = sidebarItem(c, directId);
    await cItem.filter({ hasText: new RegExp(short(alice.address).replace("…", "."), "i") }).waitFor({ timeout: 60_000 });
    assert.doesNotMatch(await cItem.innerText(), /Channel #/);
  });

  step("an error toast (a 1:1 with oneself) goes away by itself, uncovering the header's controls it lay over", async () => {
    await a.byTestId("dm-address").fill(alice.address);
    await a.byTestId("dm-submit").click();
    const toast = a.byTestId("error-toast").filter({ hasText: "another address than your own" });
    await toast.waitFor();
    await toast.waitFor({ state: "detached", timeout: 30_000 });
    await a.byTestId("members-toggle").click({ timeout: 1000 });
    await a.byTestId("members-panel").waitFor();
    await a.byTestId("members-toggle").click();
  });

  step("files picked in the composer are still there after switching to another channel and back", async () => {
    await a.byTestId("file-input").setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("kept for later") });
    await a.byTestId("selected-file").filter({ hasText: "notes.txt" }).waitFor();
    await a.byTestId("message-input").fill("draft with a file");
    await a.openChannel(privateId);
    await a.byTestId("message-input").waitFor();
    assert.equal(await a.byTestId("selected-file").count(), 0, "another channel has its own composer");
    await a.openChannel(directId);
    await a.byTestId("selected-file").filter({ hasText: "notes.txt" }).waitFor();
    assert.equal(await a.byTestId("message-input").inputValue(), "draft with a file");
    await a.page.getByRole("button", { name: "Remove notes.txt" }).click();
    await a.openChannel(privateId);
    await a.openChannel(directId);
    await a.byTestId("message-input").waitFor();
    assert.equal(await a.byTestId("selected-file").count(), 0, "a removed file stays removed");
  });

  step("creating a private channel with a member who has no key says so in the channel, until the panel lists the invitation", async () => {
    const keyless = testAccount(9).address;
    const waitingId = await a.createPrivateChannel(`${name}-waiting`, [carol.address, keyless]);
    const notice = a.channelView(waitingId).getByTestId("pending-invites-notice");
    await notice.waitFor();
    assert.match(await notice.innerText(), new RegExp(`${short(keyless).replace("…", ".")} has not unlocked Cairn yet`, "i"));
    assert.doesNotMatch(await notice.innerText(), new RegExp(short(carol.address).replace("…", "."), "i"), "Carol has a key: added at once");
    await a.openMembers();
    await a.page.locator(`[data-testid="pending-invite"][data-address="${keyless.toLowerCase()}"]`).waitFor();
    assert.equal(await notice.count(), 0, "the open panel lists the invitation itself");
  });
});
