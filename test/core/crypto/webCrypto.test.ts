import { afterEach, describe, expect, it } from "@jest/globals";
import * as c from "@cairn/core/crypto";
import * as messages from "@cairn/core/message";
import { channel, expectReject } from "./helpers.js";

const original = Object.getOwnPropertyDescriptor(globalThis, "crypto")!;

describe("without crypto.subtle (an insecure browser context)", () => {
  afterEach(() => {
    Object.defineProperty(globalThis, "crypto", original);
  });

  it("raises WebCryptoUnavailableError instead of a TypeError", async () => {
    const random = globalThis.crypto.getRandomValues.bind(globalThis.crypto);
    Object.defineProperty(globalThis, "crypto", { value: { getRandomValues: random }, configurable: true });
    const envelope = { timestamp: 0, text: "", attachments: [] };
    await expectReject(messages.sealMessage({ ...channel, key: new Uint8Array(32), envelope }), c.WebCryptoUnavailableError);
    expect(c.generateKey()).toHaveLength(32);
  });
});
