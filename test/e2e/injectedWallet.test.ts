/**
 * The headless test wallet itself, on a blank page served from 127.0.0.1 and a throw-away
 * chain: EIP-1193 requests and errors, EIP-6963 announcement, local signing, events, the
 * confirmation counter, "reject next" and non-deterministic signatures.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createPublicClient, http, recoverMessageAddress, recoverTypedDataAddress, type Hex } from "viem";
import { portsFromEnv, TEST_PORTS, CHAIN_ID } from "../../scripts/stack/stackConfig.js";
import { startChain, type RunningChain } from "../../scripts/stack/startChain.js";
import { testAccount } from "../../scripts/stack/testAccounts.js";
import { installInjectedWallet, type InjectedWallet } from "../../testkit/injectedWallet.js";
import { launchBrowser } from "../../testkit/launchBrowser.js";

const alice = testAccount(1);
const bob = testAccount(2);
const MESSAGE = "0x68656c6c6f"; // "hello"

const typedData = {
  types: {
    EIP712Domain: [
      { name: "name", type: "string" },
      { name: "chainId", type: "uint256" },
    ],
    Note: [{ name: "text", type: "string" }],
  },
  primaryType: "Note",
  domain: { name: "Cairn test", chainId: CHAIN_ID },
  message: { text: "hi" },
} as const;

describe("injected test wallet", { timeout: 120_000 }, () => {
  let chain: RunningChain;
  let server: Server;
  let browser: Browser;
  let wallet: InjectedWallet;
  let page: Page;

  /** Calls `window.ethereum.request` in the page; a thrown provider error comes back as { code, message }. */
  const request = (method: string, params: unknown[] = []): Promise<unknown> =>
    page.evaluate(
      `window.ethereum.request(${JSON.stringify({ method, params })}).catch((e) => ({ code: e.code, message: e.message }))`,
    );

  before(async () => {
    chain = await startChain({ port: portsFromEnv(TEST_PORTS).rpc + 20 });
    server = createServer((_request, response) => response.end("<!doctype html><title>blank</title>"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    browser = await launchBrowser();
    const context = await browser.newContext();
    wallet = await installInjectedWallet(context, { privateKey: alice.privateKey, rpcUrl: chain.rpcUrl, chainId: CHAIN_ID });
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    await chain?.stop();
  });

  it("announces itself through EIP-6963 and connects only when asked", async () => {
    const names = await page.evaluate(`(() => {
      const names = [];
      window.addEventListener("eip6963:announceProvider", (e) => names.push(e.detail.info.name, e.detail.provider === window.ethereum));
      window.dispatchEvent(new Event("eip6963:requestProvider"));
      return names;
    })()`);
    assert.deepEqual(names, ["Cairn Test Wallet", true]);
    assert.deepEqual(await request("eth_accounts"), []);
    assert.deepEqual(await request("personal_sign", [MESSAGE, alice.address]), {
      code: 4100,
      message: "The site is not connected to this wallet.",
    });
    assert.deepEqual(await request("eth_requestAccounts"), [alice.address]);
    assert.deepEqual(await request("eth_accounts"), [alice.address]);
    assert.equal(await request("eth_chainId"), "0x7a69");
    assert.equal(await request("net_version"), String(CHAIN_ID));
  });

  it("signs messages and typed data deterministically by default, and counts each as a confirmation", async () => {
    const before = { confirmations: wallet.confirmations, signatures: wallet.signatureRequests };
    const first = (await request("personal_sign", [MESSAGE, alice.address])) as Hex;
    const second = (await request("personal_sign", [MESSAGE, alice.address])) as Hex;
    assert.equal(first, second);
    assert.equal(await recoverMessageAddress({ message: { raw: MESSAGE }, signature: first }), alice.address);
    const typed = (await request("eth_signTypedData_v4", [alice.address, JSON.stringify(typedData)])) as Hex;
    const { EIP712Domain: _, ...types } = typedData.types;
    assert.equal(await recoverTypedDataAddress({ ...typedData, types, signature: typed }), alice.address);
    assert.equal(wallet.signatureRequests - before.signatures, 3);
    assert.equal(wallet.confirmations - before.confirmations, 3);
  });

  it("in non-deterministic mode gives a different valid signature each time", async () => {
    wallet.setNonDeterministicSignatures(true);
    const first = (await request("personal_sign", [MESSAGE, alice.address])) as Hex;
    const second = (await request("personal_sign", [MESSAGE, alice.address])) as Hex;
    wallet.setNonDeterministicSignatures(false);
    assert.notEqual(first, second);
    for (const signature of [first, second]) {
      assert.equal(await recoverMessageAddress({ message: { raw: MESSAGE }, signature }), alice.address);
    }
  });

  it("rejects the next confirmation with 4001 when told to, then signs again", async () => {
    wallet.rejectNextRequest();
    assert.deepEqual(await request("personal_sign", [MESSAGE, alice.address]), { code: 4001, message: "User rejected the request." });
    assert.match(String(await request("personal_sign", [MESSAGE, alice.address])), /^0x[0-9a-f]{130}$/);
  });

  it("signs transactions locally, sends them raw, and forwards other methods to the node", async () => {
    const before = await request("eth_blockNumber");
    const hash = (await request("eth_sendTransaction", [
      { from: alice.address, to: bob.address, value: "0x2a" },
    ])) as Hex;
    assert.deepEqual(wallet.transactions.at(-1), hash);
    const receipt = await createPublicClient({ transport: http(chain.rpcUrl) }).getTransactionReceipt({ hash });
    assert.equal(receipt.status, "success");
    assert.equal(receipt.from.toLowerCase(), alice.address.toLowerCase());
    assert.equal(BigInt(String(await request("eth_blockNumber"))), BigInt(String(before)) + 1n);
    assert.deepEqual(await request("eth_nonexistentMethod"), { code: -32004, message: "Method eth_nonexistentMethod is not supported" });
  });

  it("switches only to chains it knows, and tells the page about account and chain changes", async () => {
    await page.evaluate(`window.__events = [];
      for (const name of ["accountsChanged", "chainChanged"]) window.ethereum.on(name, (v) => window.__events.push([name, v]));`);
    assert.equal((await request("wallet_switchEthereumChain", [{ chainId: "0x1" }]) as { code: number }).code, 4902);
    assert.equal(await request("wallet_addEthereumChain", [{ chainId: "0x7a6a", rpcUrls: [chain.rpcUrl] }]), null);
    assert.equal(await request("wallet_switchEthereumChain", [{ chainId: "0x7a6a" }]), null);
    assert.equal(await request("eth_chainId"), "0x7a6a");
    await request("wallet_switchEthereumChain", [{ chainId: "0x7a69" }]);
    await wallet.setAccount(bob.privateKey);
    assert.deepEqual(await request("eth_accounts"), [bob.address]);
    await wallet.disconnect();
    assert.deepEqual(await page.evaluate("window.__events"), [
      ["chainChanged", "0x7a6a"],
      ["chainChanged", "0x7a69"],
      ["accountsChanged", [bob.address]],
      ["accountsChanged", []],
    ]);
  });
});
