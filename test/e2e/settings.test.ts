/**
 * The Settings page in Chromium, against a throw-away stack: the pinning service settings
 * belong to the browser, so the page opens by its URL before any wallet is connected; it shows
 * the stack's node and no token by default (accounts sign in with their wallet), "Test" finds
 * the node's wallet sign-in and refuses a wrong token, a saved value survives a reload, and
 * "Use default" brings the defaults back. Once the wallet is unlocked, the same page shows
 * inside the workspace, and signs the account out of the pinning node: everywhere, which
 * revokes a token the account holds elsewhere, then here, where nothing is left.
 *
 *   node --import tsx --test test/e2e/settings.test.ts
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import type { Page } from "playwright-core";
import { privateKeyToAccount } from "viem/accounts";
import { createPinningAuth } from "@cairn/core/ipfs";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { browserSuite } from "./fixtures/browserSuite.js";

const log = (line: string): void => console.log(`[e2e:settings] ${line}`);

describe("Settings page", { timeout: 600_000 }, () => {
  const suite = browserSuite({ log });
  const { step } = suite;

  const testService = async (page: Page): Promise<string> => {
    await page.getByTestId("test-settings").click();
    const check = page.getByTestId("settings-check");
    await check.waitFor();
    return (await check.textContent()) ?? "";
  };

  step("opens by URL with no wallet connected: defaults, check, a wrong token refused, saved, reset", async () => {
    const context = await suite.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(new URL("/settings", suite.stack.urls.app).href);
      const url = page.getByTestId("pinning-url");
      const token = page.getByTestId("pinning-token");
      await url.waitFor();
      assert.equal(await page.getByTestId("welcome").count(), 0, "no connect-a-wallet screen instead of the settings");
      assert.equal(await url.inputValue(), suite.stack.urls.pinApi);
      assert.equal(await token.inputValue(), "", "no token in the app: accounts sign in with their wallet");
      assert.match(await testService(page), /signs you in with your wallet.*Cairn node/);
      const scripts = await page.locator("script[src]").evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).src));
      assert.ok(scripts.length > 0);
      for (const src of scripts) assert.doesNotMatch(await (await fetch(src)).text(), /cairn-dev-token|cairn-test-\d+|PIN_TOKEN/, `no shared pinning token in ${src}`);

      await token.fill("not-the-token");
      await page.getByTestId("save-settings").click();
      await page.getByTestId("settings-status").waitFor();
      assert.doesNotMatch(await testService(page), /accepts the token/);
      assert.equal(await page.getByTestId("settings-check").getAttribute("role"), "alert");

      await page.reload();
      await token.waitFor();
      // The server's HTML has the defaults; the saved values replace them once the page has hydrated.
      const saved = await page
        .waitForFunction(() => (document.querySelector('[data-testid="pinning-token"]') as HTMLInputElement | null)?.value === "not-the-token", undefined, { timeout: 15_000 })
        .then(() => true, () => false);
      assert.ok(saved, `the saved token survives a reload (shows "${await token.inputValue()}")`);
      await page.getByTestId("reset-settings").click();
      assert.equal(await token.inputValue(), "");
    } finally {
      await context.close();
    }
  });

  step("an unlocked wallet reaches it from the top bar, inside the workspace", async () => {
    const app = await suite.open("alice", testAccount(4).privateKey);
    try {
      await app.connectAndUnlock();
      await app.byTestId("settings-link").click();
      await app.byTestId("pinning-url").waitFor();
      assert.equal(await app.byTestId("create-channel").count(), 1, "the sidebar stays");
    } finally {
      await app.close();
    }
  });

  step("signs out of the pinning node everywhere (a token held elsewhere is refused), then here", async () => {
    const key = testAccount(5).privateKey;
    const account = privateKeyToAccount(key);
    const signMessage = (message: string) => account.signMessage({ message });
    const elsewhere = await createPinningAuth({ url: suite.stack.urls.pinApi, account: account.address, chainId: CHAIN_ID, signMessage }).token();
    const listWith = async (token: string) => (await fetch(`${suite.stack.urls.pinApi}/pins`, { headers: { authorization: `Bearer ${token}` } })).status;
    assert.equal(await listWith(elsewhere), 200);
    const app = await suite.open("carol", key);
    try {
      await app.connectAndUnlock();
      await app.byTestId("settings-link").click();
      const status = app.byTestId("pinning-sign-out-status");
      // This browser's token (signed in now if it held none) and the one held elsewhere.
      await app.byTestId("pinning-sign-out-everywhere").click();
      await status.filter({ hasText: "revoked 2 tokens" }).waitFor({ timeout: 30_000 });
      assert.equal(await listWith(elsewhere), 401, "the token held elsewhere is refused");
      await app.byTestId("pinning-sign-out-here").click();
      await status.filter({ hasText: "nothing to sign out of" }).waitFor({ timeout: 30_000 });
    } finally {
      await app.close();
    }
  });
});
