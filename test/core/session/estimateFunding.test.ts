import { describe, expect, it } from "@jest/globals";
import {
  DEFAULT_SESSION_SECONDS,
  estimateFunding,
  InvalidSessionParamsError,
  messagesLeft,
  SESSION_POST_GAS,
  sessionExpiry,
  createSessionKey,
} from "@cairn/core/session";

describe("session funding and expiry", () => {
  it("funds gas price × gas per message × messages, and counts what a balance still pays for", () => {
    const gasPrice = 2_000_000_000n;
    const funding = estimateFunding({ gasPrice, messages: 100 });
    expect(funding).toBe(gasPrice * SESSION_POST_GAS * 100n);
    expect(messagesLeft(funding, gasPrice)).toBe(100);
    expect(messagesLeft(funding - 1n, gasPrice)).toBe(99);
    expect(estimateFunding({ gasPrice: 3n, messages: 2, gasPerMessage: 5n })).toBe(30n);
  });

  it("rejects nonsense with a typed error", () => {
    expect(() => estimateFunding({ gasPrice: 1n, messages: 0 })).toThrow(InvalidSessionParamsError);
    expect(() => estimateFunding({ gasPrice: 1n, messages: 1.5 })).toThrow(InvalidSessionParamsError);
    expect(() => estimateFunding({ gasPrice: 0n, messages: 1 })).toThrow(InvalidSessionParamsError);
    expect(() => messagesLeft(1n, 0n)).toThrow(InvalidSessionParamsError);
    expect(() => sessionExpiry(0n, 0n)).toThrow(InvalidSessionParamsError);
    expect(() => sessionExpiry(0n, 30n * 86_400n + 1n)).toThrow(InvalidSessionParamsError);
  });

  it("defaults to 24 hours and allows up to 30 days", () => {
    expect(sessionExpiry(1_000n)).toBe(1_000n + DEFAULT_SESSION_SECONDS);
    expect(DEFAULT_SESSION_SECONDS).toBe(86_400n);
    expect(sessionExpiry(5n, 30n * 86_400n)).toBe(5n + 30n * 86_400n);
  });

  it("creates distinct random keys and restores one from its private key", () => {
    const a = createSessionKey();
    const b = createSessionKey();
    expect(a.account.address).not.toBe(b.account.address);
    expect(createSessionKey(a.privateKey).account.address).toBe(a.account.address);
  });
});
