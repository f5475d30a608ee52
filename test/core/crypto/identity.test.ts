import { describe, expect, it } from "@jest/globals";
import { privateKeyToAccount } from "viem/accounts";
import { parseSiweMessage } from "viem/siwe";
import * as c from "@cairn/core/crypto";
import { expectThrow, h, hx, loadVector } from "./helpers.js";

const v = loadVector("identity");
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const withS = (s: bigint) => {
  const sig = h(v.signature);
  sig.set(h(`0x${s.toString(16).padStart(64, "0")}`), 32);
  return sig;
};

describe("identityMessage", () => {
  const context = { domain: v.domain, uri: v.uri, account: v.wallet, chainId: 11155111n, keyDirectory: v.keyDirectory.toLowerCase() };

  it("is an EIP-4361 message for the site, with the chain id and the checksummed KeyDirectory as resource", () => {
    const message = c.identityMessage(context);
    expect(message.startsWith(`${v.domain} wants you to sign in with your Ethereum account:\n${v.wallet}\n`)).toBe(true);
    expect(message).toContain("Cairn encryption key");
    expect(message).toContain("Chain ID: 11155111");
    expect(message).toContain(`- eip155:11155111:${v.keyDirectory}`);
    expect(parseSiweMessage(message)).toMatchObject({ domain: v.domain, address: v.wallet, chainId: 11155111, nonce: c.IDENTITY_MESSAGE_NONCE });
  });

  it("is the same text every time, and another for another site, chain or wallet", () => {
    expect(c.identityMessage(context)).toBe(c.identityMessage({ ...context }));
    for (const changed of [
      { ...context, domain: "127.0.0.1:3000", uri: "http://127.0.0.1:3000" },
      { ...context, chainId: 1 },
      { ...context, account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const },
    ]) {
      expect(c.identityMessage(changed)).not.toBe(c.identityMessage(context));
    }
  });

  it("rejects a bad chain id, address or domain", () => {
    expectThrow(() => c.identityMessage({ ...context, chainId: 0 }), c.InvalidContextError);
    expectThrow(() => c.identityMessage({ ...context, keyDirectory: "0x1234" }), c.InvalidContextError);
    expectThrow(() => c.identityMessage({ ...context, account: "0x1234" }), c.InvalidContextError);
    expectThrow(() => c.identityMessage({ ...context, domain: "evil.example/\nstatement" }), c.InvalidContextError);
  });
});

describe("legacyIdentityMessage", () => {
  it("names the app, purpose, chain id and checksummed KeyDirectory address, and no site", () => {
    const message = c.legacyIdentityMessage({ chainId: 11155111n, keyDirectory: v.keyDirectory.toLowerCase() });
    expect(message).toContain("Purpose: Cairn identity key (X25519), version 1");
    expect(message).toContain("Chain ID: 11155111");
    expect(message).toContain(`Key directory: ${v.keyDirectory}`);
    expectThrow(() => c.legacyIdentityMessage({ chainId: 0, keyDirectory: v.keyDirectory }), c.InvalidContextError);
  });
});

describe("deriveIdentityKey", () => {
  it("gives a key pair whose public key is X25519 of the private key, distinct per wallet", async () => {
    const other = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    const signature = await other.signMessage({ message: v.message });
    const pair = c.deriveIdentityKey(signature);
    expect(pair.privateKey).toHaveLength(32);
    expect(hx(pair.publicKey)).not.toBe(v.publicKey);
    expect(hx(c.deriveIdentityKey(signature).privateKey)).toBe(hx(pair.privateKey));
  });

  it("rejects signatures of the wrong length or with r, s out of range", () => {
    expectThrow(() => c.deriveIdentityKey(h(v.signature).subarray(0, 64)), c.InvalidSignatureError);
    expectThrow(() => c.deriveIdentityKey("0x1234"), c.InvalidSignatureError);
    expectThrow(() => c.deriveIdentityKey("0xzz" as `0x${string}`), c.InvalidSignatureError);
    expectThrow(() => c.deriveIdentityKey(withS(0n)), c.InvalidSignatureError);
    expectThrow(() => c.deriveIdentityKey(withS(N)), c.InvalidSignatureError);
    const zeroR = h(v.signature);
    zeroR.fill(0, 0, 32);
    expectThrow(() => c.deriveIdentityKey(zeroR), c.InvalidSignatureError);
  });
});

describe("checkDeterminism", () => {
  it("returns the key when both signatures agree", () => {
    expect(hx(c.checkDeterminism(v.signature, v.signature).privateKey)).toBe(v.privateKey);
  });

  it("throws NonDeterministicWalletError when they differ", () => {
    const different = withS(5n);
    const error = expectThrow(() => c.checkDeterminism(v.signature, different), c.NonDeterministicWalletError);
    expect((error as c.NonDeterministicWalletError).shortMessage).toMatch(/wallet/);
  });
});

describe("generateIdentityKey", () => {
  it("makes distinct random key pairs", () => {
    const a = c.generateIdentityKey();
    const b = c.generateIdentityKey();
    expect(hx(a.privateKey)).not.toBe(hx(b.privateKey));
    expect(a.publicKey).toHaveLength(32);
  });
});

describe("safetyNumber", () => {
  const a = { address: v.wallet, publicKey: h(v.publicKey) };
  const b = { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" as const, publicKey: c.generateIdentityKey().publicKey };
  it("is order-independent and changes when a key is substituted", () => {
    expect(c.safetyNumber(a, b)).toBe(c.safetyNumber(b, a));
    const swapped = { ...b, publicKey: c.generateIdentityKey().publicKey };
    expect(c.safetyNumber(a, swapped)).not.toBe(c.safetyNumber(a, b));
    expect(c.safetyNumber({ ...a, address: b.address }, b)).not.toBe(c.safetyNumber(a, b));
  });
  it("rejects a public key of the wrong length", () => {
    expectThrow(() => c.safetyNumber(a, { ...b, publicKey: new Uint8Array(31) }), c.InvalidPublicKeyError);
  });
});
