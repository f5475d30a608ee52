import { describe, expect, it } from "@jest/globals";
import { generateIdentityKey } from "@cairn/core/crypto";
import { createSessionKey, openSessionState, sealSessionState, SessionStateUnreadableError } from "@cairn/core/session";

const context = () => ({
  identityPrivateKey: generateIdentityKey().privateKey,
  wallet: "0x00000000000000000000000000000000000000a1" as const,
  chainId: 31337,
  registry: "0x00000000000000000000000000000000000000b2" as const,
});

describe("sealSessionState / openSessionState", () => {
  it("round-trips the key, expiry and unsent messages (with their ids when sealed), with no plaintext in the sealed text", async () => {
    const ctx = context();
    const key = createSessionKey();
    const pending = [{ channelId: 3n, text: "hello outbox" }, { channelId: 3n, text: "posted?", id: "bafkreid7qoywk77r7rj3slobqfekdvs57qwuwh5d2z3sqsw52iabe3mqne" }];
    const state = { privateKey: key.privateKey, expiry: 1_900_000_000n, pending };
    const sealed = await sealSessionState(ctx, state);
    expect(sealed).not.toContain("hello");
    expect(atob(sealed)).not.toContain("hello outbox");
    expect(atob(sealed)).not.toContain(key.privateKey.slice(2, 20));
    expect(await openSessionState(ctx, sealed)).toEqual(state);
    expect(await sealSessionState(ctx, state)).not.toBe(sealed);
  });

  it("refuses another identity key, another wallet, or tampered bytes", async () => {
    const ctx = context();
    const sealed = await sealSessionState(ctx, { privateKey: null, expiry: 0n, pending: [] });
    await expect(openSessionState({ ...ctx, identityPrivateKey: generateIdentityKey().privateKey }, sealed)).rejects.toThrow(SessionStateUnreadableError);
    await expect(openSessionState({ ...ctx, wallet: "0x00000000000000000000000000000000000000a2" }, sealed)).rejects.toThrow(SessionStateUnreadableError);
    const bytes = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
    bytes[bytes.length - 1] ^= 1;
    await expect(openSessionState(ctx, btoa(String.fromCharCode(...bytes)))).rejects.toThrow(SessionStateUnreadableError);
    await expect(openSessionState(ctx, "not base64!")).rejects.toThrow(SessionStateUnreadableError);
  });
});
